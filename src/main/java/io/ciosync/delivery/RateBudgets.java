package io.ciosync.delivery;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.ciosync.customerio.CustomerIoConfig;
import io.ciosync.customerio.Throttle;
import io.ciosync.customerio.Throttle.Permit;
import io.ciosync.customerio.Workspace;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

/**
 * The request budget of every Customer.io workspace (site id + region), shared by all its jobs on this replica and
 * divided among the live {@link Replicas}: {@code cio-sync.customerio.rate-limit} requests/s in all. A job's
 * {@code rateLimit} adds a budget of its own on top. A {@code Retry-After} pauses the whole workspace.
 */
@ApplicationScoped
class RateBudgets {

    private final Map<String, WorkspaceBudget> workspaces = new ConcurrentHashMap<>();
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("cio-sync-rate").daemon().factory());
    private final Replicas replicas;
    private final int perWorkspace;
    private final Duration maxPause;
    private static final Duration QUIET_POLL = Duration.ofMillis(20);

    RateBudgets(Replicas replicas, CustomerIoConfig config) {
        this.replicas = replicas;
        this.perWorkspace = config.rateLimit();
        this.maxPause = config.maxRetryAfter();
    }

    void register(@Observes StartupEvent event, MeterRegistry registry) {
        Gauge.builder("ciosync.ratelimit.used", this::busiestUse)
                .baseUnit("ratio")
                .description("The busiest workspace budget on this replica: the share of its part in use now "
                        + "(requests sent less than a second ago or unanswered, over its part of the budget)")
                .register(registry);
    }

    /** The highest share of a workspace budget in use now, 0 to 1 (1: requests wait for the budget). */
    double busiestUse() {
        return workspaces.values().stream()
                .mapToDouble(w -> w.rate.used())
                .max()
                .orElse(0);
    }

    /** The throttle of one job: its own {@code rateLimit} if lower than the workspace's, then the workspace's. */
    Throttle forJob(Workspace workspace, Integer rateLimit) {
        WorkspaceBudget shared = workspaces.computeIfAbsent(
                workspace.key(), key -> new WorkspaceBudget(key, new Rate(perWorkspace, later)));
        Rate own = rateLimit == null || rateLimit >= perWorkspace ? null : new Rate(rateLimit, later);
        return new JobThrottle(own, shared);
    }

    /**
     * Waits, at most {@code max}, until no request of this replica can still be counted by Customer.io: each one is a
     * second behind its answer. A replica that stops waits for this before the others take its share.
     */
    boolean awaitQuiet(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!workspaces.values().stream().allMatch(w -> w.rate.quiet())) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                Thread.sleep(QUIET_POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    @PreDestroy
    void stop() {
        later.shutdownNow();
    }

    private final class JobThrottle implements Throttle {
        private final Rate own;
        private final WorkspaceBudget shared;

        JobThrottle(Rate own, WorkspaceBudget shared) {
            this.own = own;
            this.shared = shared;
        }

        @Override
        public Permit acquire() {
            int live = replicas.awaitShare();
            if (own == null) {
                return shared.acquire(live);
            }
            Permit mine = own.acquire(live);
            try {
                Permit workspace = shared.acquire(live);
                return () -> {
                    workspace.release();
                    mine.release();
                };
            } catch (RuntimeException e) {
                mine.release();
                throw e;
            }
        }

        @Override
        public void pause(Duration retryAfter) {
            shared.pause(retryAfter.compareTo(maxPause) > 0 ? maxPause : retryAfter);
        }
    }

    /** One workspace on this replica: its part of the rate, and a pause while Customer.io asked to wait. */
    private static final class WorkspaceBudget {
        private final String key;
        private final Rate rate;
        private final AtomicLong pausedUntilNanos = new AtomicLong(System.nanoTime());

        WorkspaceBudget(String key, Rate rate) {
            this.key = key;
            this.rate = rate;
        }

        Permit acquire(int replicas) {
            while (true) {
                waitOutPause();
                Permit permit = rate.acquire(replicas);
                if (pausedUntilNanos.get() - System.nanoTime() <= 0) {
                    return permit;
                }
                permit.release(); // a pause began while waiting: wait it out first
            }
        }

        void pause(Duration retryAfter) {
            long until = System.nanoTime() + retryAfter.toNanos();
            if (pausedUntilNanos.getAndAccumulate(until, (a, b) -> a - b > 0 ? a : b) - until < 0) {
                Log.warnf("Customer.io asked workspace %s to wait %s: pausing all its requests", key, retryAfter);
            }
        }

        private void waitOutPause() {
            long wait;
            while ((wait = pausedUntilNanos.get() - System.nanoTime()) > 0) {
                try {
                    Thread.sleep(Duration.ofNanos(wait));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CancellationException("interrupted during a Retry-After pause");
                }
            }
        }
    }
}
