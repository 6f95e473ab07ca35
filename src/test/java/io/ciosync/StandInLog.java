package io.ciosync;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import io.ciosync.CustomerIoStandIn.RecordedRequest;

/** Every request a stand-in received, in arrival order, with counters cheap enough for benchmarks. */
final class StandInLog {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    /** One request; its status is filled in when the answer is decided. */
    static final class Entry {
        private final String method;
        private final String rawPath;
        private final String identifier;
        private final String siteId;
        private final String body;
        private final long receivedNanos;
        private volatile int status = RecordedRequest.IN_FLIGHT;

        private Entry(
                String method, String rawPath, String identifier, String siteId, String body, long receivedNanos) {
            this.method = method;
            this.rawPath = rawPath;
            this.identifier = identifier;
            this.siteId = siteId;
            this.body = body;
            this.receivedNanos = receivedNanos;
        }

        void status(int status) {
            this.status = status;
        }

        RecordedRequest snapshot() {
            return new RecordedRequest(method, rawPath, identifier, siteId, body, status, receivedNanos);
        }
    }

    private final Queue<Entry> entries = new ConcurrentLinkedQueue<>();
    private final AtomicInteger total = new AtomicInteger();
    private final AtomicInteger identify = new AtomicInteger();
    private final AtomicInteger batch = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    Entry add(
            StandInTrackApi.Operation operation,
            String method,
            String rawPath,
            String identifier,
            String siteId,
            String body,
            long receivedNanos) {
        Entry entry = new Entry(method, rawPath, identifier, siteId, body, receivedNanos);
        entries.add(entry);
        total.incrementAndGet();
        switch (operation) {
            case IDENTIFY -> identify.incrementAndGet();
            case BATCH -> batch.incrementAndGet();
            default -> {}
        }
        return entry;
    }

    void started() {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    }

    void finished() {
        inFlight.decrementAndGet();
    }

    void clear() {
        entries.clear();
        total.set(0);
        identify.set(0);
        batch.set(0);
        maxInFlight.set(inFlight.get());
    }

    int total() {
        return total.get();
    }

    int identifyRequests() {
        return identify.get();
    }

    int batchRequests() {
        return batch.get();
    }

    int maxInFlight() {
        return maxInFlight.get();
    }

    List<RecordedRequest> snapshot() {
        return entries.stream().map(Entry::snapshot).toList();
    }

    int count(String method, String pathPrefix) {
        return (int) entries.stream()
                .filter(e -> e.method.equalsIgnoreCase(method) && e.rawPath.startsWith(pathPrefix))
                .count();
    }

    long identifyCount(String identifier) {
        return entries.stream()
                .filter(e -> "PUT".equals(e.method) && Objects.equals(identifier, e.identifier))
                .count();
    }

    /** The most requests received within any window of one second ({@code [t, t + 1 s)}). */
    int maxInAnySecond() {
        long[] received = entries.stream().mapToLong(e -> e.receivedNanos).toArray();
        Arrays.sort(received);
        int max = 0;
        for (int first = 0, last = 0; last < received.length; last++) {
            while (received[last] - received[first] >= SECOND) {
                first++;
            }
            max = Math.max(max, last - first + 1);
        }
        return max;
    }
}
