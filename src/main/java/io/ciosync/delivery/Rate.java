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
 * second: a resilience4j {@link RateLimiter} hands out {@code n} permits per one-second cycle, and each request also
 * holds one of {@code n} slots from before it is sent until one second after its answer. Why both, and what that
 * guarantees at the receiver: docs/delivery.md, "Rate budget".
 */
final class Rate {

    private final double perSecond;
    private final ScheduledExecutorService later;
    private static final io.micrometer.core.instrument.Timer WAIT = io.micrometer.core.instrument.Timer.builder(
                    "ciosync.ratelimit.wait")
            .description("Time requests waited for the workspace's rate budget")
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
        starts = RateLimiter.of(
                "cio-sync",
                RateLimiterConfig.custom()
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
