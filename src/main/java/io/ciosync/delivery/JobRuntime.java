package io.ciosync.delivery;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import io.ciosync.customerio.Workspace;

/** What delivery keeps in memory per running job on this replica: its workspace and its parallelism bound. */
final class JobRuntime {
    final String jobId;
    final Workspace workspace;
    final Semaphore inFlight;
    private final AtomicBoolean aborted = new AtomicBoolean();

    JobRuntime(String jobId, Workspace workspace, int parallelism) {
        this.jobId = jobId;
        this.workspace = workspace;
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
