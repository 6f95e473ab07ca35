package io.ciosync.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import io.ciosync.customerio.Attempts;
import io.ciosync.customerio.Gate;
import io.ciosync.customerio.NotSent;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import io.micrometer.core.instrument.Counter;
import io.quarkus.logging.Log;

/**
 * One Customer.io workspace's {@link Gate} on this replica: a resilience4j circuit breaker fed with every attempt.
 * When too many fail transiently it opens: the workspace's delivery is paused, its requests wait in
 * {@link #awaitTurn} instead of spending retries, and one of them at a time is let through as the probe every
 * {@code probe-every}. A probe that is answered closes it and delivery resumes.
 */
final class WorkspaceGate implements Gate {

    private final String key;
    private final CircuitBreaker breaker;
    private final Duration maxOutage;
    private final Duration probeEvery;
    private final Duration poll;
    private final Counter outages;
    private final AtomicInteger retrying = new AtomicInteger();
    private final AtomicInteger held = new AtomicInteger();
    private volatile Instant pausedSince;
    private volatile String lastFailure = "";

    WorkspaceGate(String key, CircuitBreaker breaker, Duration probeEvery, Duration maxOutage, Counter outages) {
        this.key = key;
        this.breaker = breaker;
        this.probeEvery = probeEvery;
        this.maxOutage = maxOutage;
        this.outages = outages;
        this.poll = Duration.ofMillis(Math.clamp(probeEvery.toMillis() / 10, 10, 500)); // polls, never requests
        breaker.getEventPublisher().onStateTransition(this::transition);
    }

    @Override
    public boolean tryEnter() {
        return breaker.tryAcquirePermission();
    }

    @Override
    public void answered(long nanos) {
        breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void failed(long nanos, Throwable failure) {
        lastFailure = Failure.describe(failure);
        breaker.onError(nanos, TimeUnit.NANOSECONDS, failure);
    }

    @Override
    public void unused() {
        breaker.releasePermission();
    }

    @Override
    public void retrying(boolean first, Throwable failure, int attempts) {
        if (first) {
            retrying.incrementAndGet();
        }
    }

    @Override
    public void retried() {
        retrying.decrementAndGet();
    }

    /** When the ongoing outage began; null while delivery is not paused. */
    Instant pausedSince() {
        return pausedSince;
    }

    /** A request found the workspace paused ({@code true}), or the request it held has ended ({@code false}). */
    void held(boolean first) {
        held.addAndGet(first ? 1 : -1);
    }

    /**
     * Paused with requests held by the pause: what {@code ciosync_customerio_paused} counts. Once every held request
     * has ended (answered, or failed after {@code max-outage}), nothing waits, though the outage has not been seen to
     * end: the next request probes.
     */
    boolean holding() {
        return pausedSince != null && held.get() > 0;
    }

    /** Paused, or some of its requests are being retried. */
    boolean troubled() {
        return pausedSince != null || retrying.get() > 0;
    }

    /**
     * Waits, while the workspace's delivery is paused, until this request may be sent: as the probe, or because
     * delivery resumed. Throws {@link NotSent.Stopped} when {@code stop} says so and {@link NotSent.Unreachable}
     * once the outage has lasted longer than {@code max-outage} while this request waited ({@code waitingSince}: when
     * it first found the workspace paused). A request that came after the outage began, a later job's, waits its own
     * {@code max-outage}: it is not failed at once, beside the one probe, for an outage older than itself.
     */
    void awaitTurn(Attempts attempts, BooleanSupplier stop, Instant waitingSince) {
        while (true) {
            if (stop.getAsBoolean()) {
                throw new NotSent.Stopped();
            }
            if (breaker.tryAcquirePermission()) {
                attempts.admitted();
                return;
            }
            Instant since = pausedSince;
            if (since != null && latest(since, waitingSince).plus(maxOutage).isBefore(Instant.now())) {
                throw new NotSent.Unreachable(since, maxOutage.toString());
            }
            try {
                Thread.sleep(poll);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted while the workspace's delivery is paused");
            }
        }
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** Why this workspace's requests wait, for a job's status. */
    String reason() {
        return "Customer.io is unreachable for workspace " + key + " (" + lastFailure + "): its delivery is paused; "
                + "one probe request every " + probeEvery.toSeconds() + " s, delivery resumes when one is answered";
    }

    private void transition(CircuitBreakerOnStateTransitionEvent event) {
        switch (event.getStateTransition().getToState()) {
            case OPEN -> {
                if (pausedSince == null) {
                    pausedSince = Instant.now();
                    outages.increment();
                    Log.warnf(
                            "Customer.io is unreachable for workspace %s (%s): its delivery is paused; one probe "
                                    + "request at a time from now on",
                            key, lastFailure);
                }
            }
            case CLOSED -> {
                Instant since = pausedSince;
                if (since != null) {
                    pausedSince = null;
                    Log.infof(
                            "Customer.io is reachable again for workspace %s: delivery resumes after a pause of %s",
                            key, Duration.between(since, Instant.now()));
                }
            }
            default -> {}
        }
    }
}
