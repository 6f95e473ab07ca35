package io.ciosync.delivery;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.ciosync.customerio.Throttle;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;

/**
 * A request rate shared by the live replicas, of which this replica enforces its part, {@code n} requests per
 * second, in two steps:
 * <ol>
 * <li>a resilience4j {@link RateLimiter}: at most {@code n} permits within each of its one-second cycles, none saved
 * up while idle. A burst within a second is allowed: Customer.io counts its limit per second and per
 * three seconds ("3000 per 3 seconds"), not per millisecond, and spreading a job's first {@code n} requests over
 * its first second would cost that second (2% of a 50 s job with a budget of 200/s);</li>
 * <li>{@code n} slots, each held by a request from before it is sent until one second after its answer arrived.
 * The receiver sees every request between those two instants, so it can never count more than {@code n} within
 * one second, however late threads wake up or packets travel. (Pacing alone cannot promise that: on 2 busy cores
 * 226 permits of a 200/s limiter came out within one second, because sleepers wake late and together.) The price
 * is one answer's latency per slot and second: at most n / (1 s + latency).</li>
 * </ol>
 */
final class Rate {

    private final double perSecond;
    private final ScheduledExecutorService later;
    private static final io.micrometer.core.instrument.Timer WAIT = io.micrometer.core.instrument.Timer
            .builder("ciosync.ratelimit.wait").description("Time requests waited for the workspace's rate budget")
            .register(io.micrometer.core.instrument.Metrics.globalRegistry);

    private final Slots slots = new Slots();
    /** Slots taken and not yet given back (a second after their answer). */
    private final AtomicInteger held = new AtomicInteger();
    private volatile int replicas;
    /** This replica's part: {@code n} slots and permits per second. */
    private volatile int size;
    private volatile RateLimiter starts;

    /** @param perSecond requests per second, all replicas together */
    Rate(double perSecond, ScheduledExecutorService later) {
        this.perSecond = perSecond;
        this.later = later;
        share(1);
    }

    /** Waits until one more request fits this replica's part, when {@code live} replicas share the rate. */
    Throttle.Permit acquire(int live) {
        if (live != replicas) {
            share(live);
        }
        long start = System.nanoTime();
        try {
            if (!starts.acquirePermission()) {
                throw new InterruptedException();
            }
            slots.acquire();
            held.incrementAndGet();
            WAIT.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for a request permit");
        }
        return () -> {
            if (!later.isShutdown()) {
                later.schedule(this::giveBack, 1, TimeUnit.SECONDS);
            }
        };
    }

    private void giveBack() {
        slots.release();
        held.decrementAndGet();
    }

    /** The share of this replica's part in use now: slots held (requests Customer.io may still count) over slots. */
    double used() {
        return Math.min(1.0, held.get() / (double) size);
    }

    /** Whether every request of this rate is a second behind its answer: the receiver counts none of them any more. */
    boolean quiet() {
        return held.get() == 0;
    }

    private synchronized void share(int live) {
        if (live == replicas) {
            return;
        }
        int n = Math.max(1, (int) Math.floor(perSecond / live));
        int before = replicas == 0 ? 0 : Math.max(1, (int) Math.floor(perSecond / replicas));
        slots.resize(n - before); // slots held now stay held: the new size applies as they come back
        starts = RateLimiter.of("cio-sync", RateLimiterConfig.custom()
                .limitForPeriod(n)
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(Duration.ofDays(1))
                .build());
        replicas = live;
        size = n;
    }

    /** A fair semaphore whose size can shrink as well as grow. */
    private static final class Slots extends Semaphore {
        Slots() {
            super(0, true);
        }

        void resize(int by) {
            if (by > 0) {
                release(by);
            } else if (by < 0) {
                reducePermits(-by);
            }
        }
    }
}
