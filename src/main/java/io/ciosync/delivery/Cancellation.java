package io.ciosync.delivery;

import jakarta.enterprise.context.ApplicationScoped;

import io.ciosync.store.JobCancels;
import io.ciosync.store.JobStatus;
import io.quarkus.logging.Log;

/**
 * Cancels a queued or running job: unclaimed chunks end at once; this replica's chunks in flight send no further
 * request and no further retry (other replicas notice within a quarter second), and record what they sent: users
 * Customer.io answered 2xx for end {@code synced}, the others {@code cancelled}.
 */
@ApplicationScoped
public class Cancellation {

    private final JobCancels cancels;
    private final JobRuntimes runtimes;
    private final DeliveryMetrics metrics;

    Cancellation(JobCancels cancels, JobRuntimes runtimes, DeliveryMetrics metrics) {
        this.cancels = cancels;
        this.runtimes = runtimes;
        this.metrics = metrics;
    }

    /** @return false if the job was not queued or running */
    public boolean cancel(String jobId) {
        runtimes.running(jobId).ifPresent(JobRuntime::cancel);
        var delivering = cancels.cancel(jobId);
        if (delivering.isEmpty()) {
            return false;
        }
        Log.infof("job %s cancelled%s", jobId, delivering.get() ? "; requests in flight are not sent again" : "");
        if (!delivering.get()) {
            runtimes.forget(jobId);
            metrics.jobFinished(jobId, JobStatus.CANCELLED);
        }
        return true;
    }
}
