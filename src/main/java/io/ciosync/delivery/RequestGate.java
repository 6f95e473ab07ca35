package io.ciosync.delivery;

import java.util.List;

import io.ciosync.customerio.Gate;
import io.ciosync.store.ChunkStore.PendingUser;
import io.ciosync.store.JobWaits;
import io.quarkus.logging.Log;

/**
 * One request's {@link Gate}: its workspace's, and while the request is retried its users show, still
 * {@code pending}, how many attempts carried them and the last error ({@link JobWaits#retrying}); one log line at its
 * first retry. Nothing is written while it is not retried.
 */
final class RequestGate implements Gate {

    private final JobGate job;
    private final WorkspaceGate workspace;
    private final JobWaits waits;
    private final List<PendingUser> users;
    private final int earlierAttempts;

    RequestGate(JobGate job, WorkspaceGate workspace, JobWaits waits, List<PendingUser> users, int earlierAttempts) {
        this.job = job;
        this.workspace = workspace;
        this.waits = waits;
        this.users = users;
        this.earlierAttempts = earlierAttempts;
    }

    @Override
    public boolean tryEnter() {
        return workspace.tryEnter();
    }

    @Override
    public void answered(long nanos) {
        workspace.answered(nanos);
    }

    @Override
    public void failed(long nanos, Throwable failure) {
        workspace.failed(nanos, failure);
    }

    @Override
    public void unused() {
        workspace.unused();
    }

    @Override
    public void retrying(boolean first, Throwable failure, int attempts) {
        workspace.retrying(first, failure, attempts);
        String error = Failure.describe(failure);
        job.retrying(first, error);
        if (first) {
            Log.infof("job %s: the request of %s failed (%s); retrying it", job.jobId, Failure.what(users), error);
        }
        try {
            waits.retrying(job.jobId, users.getFirst().seq(), users.getLast().seq(), earlierAttempts + attempts, error);
        } catch (RuntimeException e) { // the database is away: the outcome is recorded when the request ends
            Log.debugf("job %s: could not record a retry: %s", job.jobId, e);
        }
    }

    @Override
    public void retried() {
        workspace.retried();
        job.retried();
        try {
            waits.retried(job.jobId, users.getFirst().seq());
        } catch (RuntimeException e) {
            Log.debugf("job %s: could not forget a retry: %s", job.jobId, e);
        }
    }
}
