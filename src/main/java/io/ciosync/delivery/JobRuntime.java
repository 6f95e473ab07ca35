package io.ciosync.delivery;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.ciosync.customerio.Throttle;
import io.ciosync.customerio.Workspace;
import io.ciosync.mapping.Identifier;

/**
 * What delivery keeps in memory per running job on this replica: its workspace, how its users travel
 * ({@code batch}: v2), its request budget, its parallelism bound (requests in flight) and which identifier its user
 * ids are.
 */
final class JobRuntime {
    final String jobId;
    final Workspace workspace;
    final boolean batch;
    final Throttle throttle;
    final Semaphore inFlight;
    final int parallelism;
    final Identifier identifier;
    /** Its workspace's gate (paused during an outage) and what the job waits for. */
    final JobGate gate;

    private final AtomicBoolean aborted = new AtomicBoolean();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicLong cancelCheckedAt = new AtomicLong(System.nanoTime() - CANCEL_CHECK_NANOS);

    /** How often a running chunk looks in the database for a cancel made on another replica. */
    private static final long CANCEL_CHECK_NANOS = 250_000_000L;

    JobRuntime(
            String jobId,
            Workspace workspace,
            boolean batch,
            Throttle throttle,
            int parallelism,
            Identifier identifier,
            JobGate gate) {
        this.jobId = jobId;
        this.gate = gate;
        this.identifier = identifier;
        this.workspace = workspace;
        this.batch = batch;
        this.throttle = throttle;
        this.parallelism = parallelism;
        this.inFlight = new Semaphore(parallelism);
    }

    /** Stops new sends for this job (requests already in flight finish). */
    void abort() {
        aborted.set(true);
    }

    boolean aborted() {
        return aborted.get();
    }

    /** The job was cancelled: no new sends, no retries (requests already sent are answered). */
    void cancel() {
        cancelled.set(true);
    }

    boolean cancelled() {
        return cancelled.get();
    }

    /** Whether it is time to look for a cancel made elsewhere (true for one caller per interval). */
    boolean cancelCheckDue() {
        long last = cancelCheckedAt.get();
        long now = System.nanoTime();
        return now - last >= CANCEL_CHECK_NANOS && cancelCheckedAt.compareAndSet(last, now);
    }
}
