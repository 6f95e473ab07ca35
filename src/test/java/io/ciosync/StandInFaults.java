package io.ciosync;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.ciosync.CustomerIoStandIn.Fault;
import io.ciosync.StandInTrackApi.Route;

/**
 * The faults a stand-in has been told to inject. Which one a request gets, first match wins: the
 * {@link #scriptNext} queue (any request), the {@link #script} queue of its v1 identifier, {@link #answerAll},
 * then a draw for {@link #failRandomly}.
 */
final class StandInFaults {

    private record RandomFailures(double fraction, int status, Random random) {}

    private final Queue<Fault> next = new ConcurrentLinkedQueue<>();
    private final Map<String, Queue<Fault>> byIdentifier = new ConcurrentHashMap<>();
    private volatile Fault.Answer answerAll;
    private volatile RandomFailures randomFailures;

    void script(String identifier, Fault... faults) {
        byIdentifier
                .computeIfAbsent(identifier, k -> new ConcurrentLinkedQueue<>())
                .addAll(List.of(faults));
    }

    void scriptNext(Fault... faults) {
        next.addAll(List.of(faults));
    }

    void answerAll(int status, String body) {
        answerAll = new Fault.Answer(status, body, Map.of());
    }

    void failRandomly(double fraction, int status, long seed) {
        randomFailures = new RandomFailures(fraction, status, new Random(seed));
    }

    void clear() {
        next.clear();
        byIdentifier.clear();
        answerAll = null;
        randomFailures = null;
    }

    /** The fault for this request, consumed; null to handle it normally. */
    Fault take(Route route) {
        Fault fault = next.poll();
        if (fault == null && route.identifier() != null) {
            Queue<Fault> scripted = byIdentifier.get(route.identifier());
            fault = scripted == null ? null : scripted.poll();
        }
        if (fault == null) {
            fault = answerAll;
        }
        RandomFailures random = randomFailures;
        if (fault == null && random != null && random.random().nextDouble() < random.fraction()) {
            fault = Fault.status(random.status());
        }
        return fault;
    }
}
