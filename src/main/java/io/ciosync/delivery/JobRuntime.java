package io.ciosync.delivery;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import io.ciosync.customerio.Workspace;
import io.ciosync.mapping.Identifier;

/**
 * What delivery keeps in memory per running job on this replica: its workspace, its parallelism bound and which
 * identifier its user ids are.
 */
final class JobRuntime {
    final String jobId;
    final Workspace workspace;
    final Semaphore inFlight;
    final Identifier identifier;
    private final AtomicBoolean aborted = new AtomicBoolean();

    JobRuntime(String jobId, Workspace workspace, int parallelism, Identifier identifier) {
        this.jobId = jobId;
        this.identifier = identifier;
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
