package io.ciosync.delivery;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import io.ciosync.customerio.Throttle;
import io.ciosync.customerio.Workspace;

/**
 * What delivery keeps in memory per running job on this replica: its workspace, how its users travel
 * ({@code batch}: v2), its request budget and its parallelism bound (requests in flight).
 */
final class JobRuntime {
    final String jobId;
    final Workspace workspace;
    final boolean batch;
    final Throttle throttle;
    final Semaphore inFlight;
    private final AtomicBoolean aborted = new AtomicBoolean();

    JobRuntime(String jobId, Workspace workspace, boolean batch, Throttle throttle, int parallelism) {
        this.jobId = jobId;
        this.workspace = workspace;
        this.batch = batch;
        this.throttle = throttle;
        this.inFlight = new Semaphore(parallelism);
    }

    /** Stops new sends for this job (requests already in flight finish). */
    void abort() {
        aborted.set(true);
    }

    boolean aborted() {
        return aborted.get();
    }
}
