package io.ciosync.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Jobs and their users: ingestion in JDBC batches, acceptance, and one job as clients read it (pages of jobs:
 * {@link JobPages}).
 */
@ApplicationScoped
public class JobStore {

    static final int MAX_USER_ID_CHARS = 200;
    private static final String WARNING_SEPARATOR = "\n";
    static final String JOB_COLUMNS = "id, tenant, status, config, warnings, total, synced, failed, skipped, "
            + "error, created_at, started_at, finished_at, cancelled, retry_of, unchanged";

    private final Database db;
    private final Clock clock;
    private final DiskSpace space;

    JobStore(Database db, Clock clock, DiskSpace space) {
        this.db = db;
        this.clock = clock;
        this.space = space;
    }

    public static String newJobId() {
        return UUID.randomUUID().toString();
    }

    /** Inserts a job that is not yet accepted: invisible to clients until {@link #accept}. */
    public void createIngesting(
            String id, String tenant, String configJson, String apiKeyEncrypted, List<String> warnings) {
        db.inTransaction(c -> Sql.update(
                c,
                "INSERT INTO sync_job (id, tenant, status, config, api_key_enc, warnings, "
                        + "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                id,
                tenant,
                JobStatus.INGESTING.wire(),
                configJson,
                apiKeyEncrypted,
                storedWarnings(warnings),
                now()));
    }

    /** Replaces the warnings of a job still being ingested (those its data gave are known at its end). */
    public void setWarnings(String id, List<String> warnings) {
        db.inTransaction(
                c -> Sql.update(c, "UPDATE sync_job SET warnings = ? WHERE id = ?", storedWarnings(warnings), id));
    }

    private static String storedWarnings(List<String> warnings) {
        return warnings.isEmpty() ? null : Sql.text(String.join(WARNING_SEPARATOR, warnings), Sql.MAX_JOB_CHARS);
    }

    /**
     * Streams a job's users into chunk rows of {@code chunkSize} users (see {@link ChunkWriter}); stops with
     * {@link InsufficientStorageException} when the embedded database's reserve is reached.
     */
    public ChunkWriter openWriter(String jobId, int chunkSize, Runnable queued) {
        return new ChunkWriter(db, jobId, chunkSize, now(), queued, space::requireReserve);
    }

    /**
     * Accepts an ingested job, whose chunks have been queued (and maybe delivered) as they were written: it becomes
     * {@code queued} or {@code running}, or ends at once when nothing is left to send (a dry run always). If it failed
     * meanwhile (Customer.io refused its key), it stays failed and its chunks written since are not sent.
     */
    public Acceptance accept(String jobId, int total, int skipped, boolean dryRun) {
        return db.inTransaction(c -> {
            OffsetDateTime now = now();
            int accepted = Sql.update(
                    c,
                    "UPDATE sync_job SET status = CASE WHEN started_at IS NULL THEN 'queued' "
                            + "ELSE 'running' END, total = ?, skipped = ?, started_at = COALESCE(started_at, ?) "
                            + "WHERE id = ? AND status = 'ingesting'",
                    total,
                    skipped,
                    dryRun ? now : null,
                    jobId);
            if (accepted == 0) { // it failed while being read: its counts still cover every user
                Sql.update(c, "UPDATE sync_job SET total = ?, skipped = ? WHERE id = ?", total, skipped, jobId);
                cancelPending(c, jobId);
            } else {
                JobEnd.finishIfDone(c, jobId, now);
            }
            return new Acceptance(JobEnd.status(c, jobId).orElseThrow(), skipped);
        });
    }

    /** The status an ingested job was accepted with, and how many of its users are skipped (duplicates too). */
    public record Acceptance(JobStatus status, int skipped) {}

    /** Links a retry, not yet accepted, to its original; it records fingerprints under the original's scope, if any. */
    public void linkRetry(String id, String original) {
        db.inTransaction(c -> Sql.update(
                c,
                "UPDATE sync_job SET retry_of = ?, fingerprint_scope = "
                        + "(SELECT o.fingerprint_scope FROM sync_job o WHERE o.id = ?) WHERE id = ?",
                original,
                original,
                id));
    }

    /**
     * Gives up a job whose ingestion failed: removed if none of its chunks was claimed yet, otherwise (its first users
     * may have been sent) failed with {@code error}, its unclaimed chunks not sent.
     */
    public void abandon(String jobId, String error) {
        boolean started = !db.strings(
                        "SELECT chunk_no FROM job_chunk WHERE job_id = ? AND (state = 'leased' "
                                + "OR done_by IS NOT NULL OR outcomes IS NOT NULL)",
                        jobId)
                .isEmpty();
        if (!started) {
            discard(jobId);
            return;
        }
        db.inTransaction(c -> {
            Sql.update(
                    c,
                    "UPDATE sync_job SET status = 'failed', error = ?, finished_at = ? WHERE id = ?",
                    Sql.text(error, Sql.MAX_JOB_CHARS),
                    now(),
                    jobId);
            return cancelPending(c, jobId);
        });
    }

    /** Its chunks not yet claimed are not sent. */
    private static int cancelPending(Connection c, String jobId) throws SQLException {
        return Sql.update(c, "UPDATE job_chunk SET state = 'cancelled' WHERE job_id = ? AND state = 'pending'", jobId);
    }

    /**
     * Removes a job that was never accepted (bad input found while streaming it, a database that failed meanwhile),
     * one chunk's users per transaction first: H2 keeps what a transaction deletes until it commits, so deleting a
     * large job at once needs about its size again in free space, which a full disk does not have.
     */
    public void discard(String jobId) {
        for (String chunk : db.strings("SELECT chunk_no FROM job_chunk_users WHERE job_id = ?", jobId)) {
            db.inTransaction(c -> Sql.update(
                    c,
                    "DELETE FROM job_chunk_users WHERE job_id = ? AND chunk_no = ?",
                    jobId,
                    Integer.parseInt(chunk)));
        }
        db.inTransaction(c -> Sql.update(c, "DELETE FROM job_chunk WHERE job_id = ?", jobId)
                + Sql.update(c, "DELETE FROM sync_job WHERE id = ?", jobId));
    }

    /** Removes jobs left half-ingested by a crash; they were never answered with 202. */
    public int discardAbandonedIngests(OffsetDateTime before) {
        List<String> ids = db.strings("SELECT id FROM sync_job WHERE status = 'ingesting' AND created_at < ?", before);
        ids.forEach(this::discard);
        return ids.size();
    }

    /** Whether the job has ended (succeeded, completed with errors, failed, cancelled) or no longer exists. */
    public boolean ended(String jobId) {
        return db.read(c -> JobEnd.status(c, jobId).map(JobStatus::finished).orElse(true));
    }

    /** A visible (accepted) job. */
    public Optional<JobRecord> find(String jobId) {
        return find(jobId, null);
    }

    /** A visible (accepted) job of this tenant; another tenant's job is not found, as if it did not exist. */
    public Optional<JobRecord> find(String jobId, String tenant) {
        String sql = "SELECT " + JOB_COLUMNS + " FROM sync_job WHERE id = ? AND status <> 'ingesting'";
        return db.read(c -> tenant == null
                ? Sql.one(c, sql, JobStore::job, jobId)
                : Sql.one(c, sql + " AND tenant = ?", JobStore::job, jobId, tenant));
    }

    /** A job's config as stored (redacted, in JSON) and its API key, encrypted. */
    public record StoredConfig(String configJson, String apiKeyEncrypted) {}

    /** The redacted config and encrypted API key of a job, for delivery. */
    public Optional<StoredConfig> deliveryConfig(String jobId) {
        return db.read(c -> Sql.one(
                c,
                "SELECT config, api_key_enc FROM sync_job WHERE id = ?",
                rs -> new StoredConfig(rs.getString(1), rs.getString(2)),
                jobId));
    }

    static JobRecord job(ResultSet rs) throws SQLException {
        String warnings = rs.getString("warnings");
        return new JobRecord(
                rs.getString("id"),
                rs.getString("tenant"),
                JobStatus.fromWire(rs.getString("status")),
                rs.getString("config"),
                warnings == null ? List.of() : Arrays.asList(warnings.split(WARNING_SEPARATOR)),
                rs.getInt("total"),
                rs.getInt("synced"),
                rs.getInt("failed"),
                rs.getInt("skipped"),
                rs.getString("error"),
                rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("started_at", OffsetDateTime.class),
                rs.getObject("finished_at", OffsetDateTime.class),
                rs.getInt("cancelled"),
                rs.getString("retry_of"),
                rs.getInt("unchanged"));
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
