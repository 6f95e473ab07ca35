package io.ciosync.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;

/**
 * Gives up jobs whose ingestion failed: removed when none of their users can have been sent, failed otherwise (see
 * {@link JobStore#abandon}). When the database fails at that moment too (a lost connection, a disk full, H2 closed),
 * the job is remembered and given up again every few seconds until the database answers, so no half-written job
 * stays behind. A restart on H2 removes what is left ({@link Housekeeping#recoverAfterRestart}), as does
 * housekeeping on PostgreSQL an hour later.
 */
@ApplicationScoped
public class FailedIngests {

    /** {@code error}: null to remove the job, else the error it fails with (some users may have been sent). */
    private record Leftover(String error) {}

    private final JobStore jobs;
    private final Map<String, Leftover> pending = new ConcurrentHashMap<>();

    FailedIngests(JobStore jobs) {
        this.jobs = jobs;
    }

    /** Removes the job, or fails it with {@code error} when {@code started}; later if the database fails now. */
    public void giveUp(String jobId, boolean started, String error) {
        Leftover leftover = new Leftover(started ? error : null);
        try {
            apply(jobId, leftover);
        } catch (Database.StoreException e) {
            pending.put(jobId, leftover);
            Log.warnf(
                    "job %s: its ingestion failed and it cannot be %s now (%s); tried again every 5 s",
                    jobId, started ? "failed" : "removed", e.getMessage());
        }
    }

    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void retry() {
        for (Map.Entry<String, Leftover> entry : pending.entrySet()) {
            try {
                apply(entry.getKey(), entry.getValue());
                pending.remove(entry.getKey());
                Log.infof(
                        "job %s: the half-ingested job is %s now",
                        entry.getKey(), entry.getValue().error() == null ? "removed" : "failed");
            } catch (Database.StoreException e) {
                return; // the database still fails: the next round tries again
            }
        }
    }

    private void apply(String jobId, Leftover leftover) {
        if (leftover.error() == null) {
            jobs.discard(jobId);
        } else {
            jobs.abandon(jobId, leftover.error());
        }
    }
}
