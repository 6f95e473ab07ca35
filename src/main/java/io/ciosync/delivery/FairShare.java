package io.ciosync.delivery;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The workers each Customer.io workspace holds on this replica. A workspace whose requests fail (paused by an outage,
 * or being retried) holds at most its fair share, workers ÷ (workspaces holding chunks + 1) and at least one, so
 * that the other workspaces' jobs go on: chunks of its jobs are not claimed beyond it (unless nothing else is
 * waiting and it is only retrying), and while it is paused its chunks beyond it give their workers back (their
 * unsent users stay pending and the chunk goes back to the queue).
 */
@ApplicationScoped
class FairShare {

    private final Map<String, AtomicInteger> held = new ConcurrentHashMap<>();
    private final int workers;
    private final JobRuntimes runtimes;

    FairShare(DeliveryConfig config, JobRuntimes runtimes) {
        this.workers = config.workers();
        this.runtimes = runtimes;
    }

    /** A worker's hold on a chunk of one workspace, from its claim until it is recorded. */
    final class Holding implements AutoCloseable {
        private final AtomicInteger count;
        private volatile boolean givenBack;

        private Holding(AtomicInteger count) {
            this.count = count;
            count.incrementAndGet();
        }

        /** Whether the chunk gives its worker back now: its workspace is paused and holds more than its share. */
        boolean givingBack(JobGate gate) {
            if (givenBack) {
                return true;
            }
            if (!gate.paused()) {
                return false;
            }
            for (int n = count.get(), share = share(); n > share; n = count.get()) {
                if (count.compareAndSet(n, n - 1)) {
                    givenBack = true;
                    return true;
                }
            }
            return false;
        }

        @Override
        public void close() {
            if (!givenBack) {
                count.decrementAndGet();
            }
        }
    }

    Holding hold(JobRuntime job) {
        return new Holding(held.computeIfAbsent(job.workspace.key(), key -> new AtomicInteger()));
    }

    /**
     * The jobs whose chunks are not to be claimed now: their workspace is paused (or, with {@code retrying}, only
     * retrying) and holds its share of the workers already.
     */
    List<String> atShare(boolean retrying) {
        int share = share();
        return runtimes.all().stream()
                .filter(job -> retrying ? job.gate.troubled() : job.gate.paused())
                .filter(job -> held(job) >= share)
                .map(job -> job.jobId)
                .toList();
    }

    private int held(JobRuntime job) {
        AtomicInteger count = held.get(job.workspace.key());
        return count == null ? 0 : count.get();
    }

    private int share() {
        long workspaces =
                held.values().stream().filter(count -> count.get() > 0).count();
        return Math.max(1, (int) (workers / (workspaces + 1)));
    }
}
