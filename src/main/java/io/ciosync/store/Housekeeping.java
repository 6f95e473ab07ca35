package io.ciosync.store;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.ciosync.CioSyncConfig;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;

/**
 * Keeps the database tidy on every replica: removes half-ingested jobs a crash left behind (never answered with
 * 202), finishes jobs stranded between their last chunk and their status, and purges finished jobs older than the
 * retention period in bounded batches.
 */
@ApplicationScoped
public class Housekeeping {

    private final JobStore jobs;
    private final ChunkStore chunks;
    private final ReplicaStore replicas;
    private final Database db;
    private final Clock clock;
    private final java.time.Duration retention;
    private final int purgeBatch;

    Housekeeping(
            JobStore jobs, ChunkStore chunks, ReplicaStore replicas, Database db, Clock clock, CioSyncConfig config) {
        this.jobs = jobs;
        this.chunks = chunks;
        this.replicas = replicas;
        this.db = db;
        this.clock = clock;
        this.retention = config.retention();
        this.purgeBatch = config.retentionBatch();
    }

    /** On the embedded database this is the only replica: whatever was leased, half-ingested or registered was ours. */
    public void recoverAfterRestart() {
        if (!db.vendor().embedded()) {
            return;
        }
        replicas.forgetAll();
        int released = chunks.releaseAll();
        int discarded = jobs.discardAbandonedIngests(OffsetDateTime.now(clock).plusYears(1));
        if (released + discarded > 0) {
            Log.infof(
                    "resuming after restart: %d chunk(s) back in the queue, %d unaccepted job(s) removed",
                    released, discarded);
        }
    }

    @Scheduled(
            every = "${cio-sync.housekeeping-every}",
            delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tidy() {
        DatabaseOutage.pass("housekeeping", () -> {
            jobs.discardAbandonedIngests(OffsetDateTime.now(clock).minusHours(1));
            chunks.finishStranded();
            purgeExpired();
        });
    }

    /** Deletes finished jobs older than the retention period, {@code purgeBatch} jobs per transaction. */
    public int purgeExpired() {
        OffsetDateTime before = OffsetDateTime.now(clock).minus(retention);
        int purged = 0;
        List<String> batch;
        do {
            batch = db.strings(
                    "SELECT id FROM sync_job WHERE finished_at < ? ORDER BY finished_at LIMIT ?", before, purgeBatch);
            batch.forEach(jobs::discard);
            purged += batch.size();
        } while (batch.size() == purgeBatch);
        if (purged > 0) {
            Log.infof("purged %d finished job(s) older than %s", purged, retention);
        }
        return purged;
    }
}
