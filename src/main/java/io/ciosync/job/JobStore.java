package io.ciosync.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

/** Jobs and their users: ingestion in JDBC batches, acceptance, and the views clients read. */
@ApplicationScoped
public class JobStore {

    static final int MAX_ERROR_CHARS = 2000;
    static final int MAX_USER_ID_CHARS = 200;
    private static final String WARNING_SEPARATOR = "\n";
    private static final String JOB_COLUMNS = "id, tenant, status, config, warnings, total, synced, failed, skipped, "
            + "error, created_at, started_at, finished_at, cancelled, retry_of, unchanged";

    private final Database db;
    private final Clock clock;

    JobStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public static String newJobId() {
        return UUID.randomUUID().toString();
    }

    /** Inserts a job that is not yet accepted: invisible to clients until {@link #accept}. */
    public void createIngesting(String id, String tenant, String configJson, String apiKeyEncrypted,
            List<String> warnings) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sync_job (id, tenant, status, config, "
                    + "api_key_enc, warnings, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, tenant);
                ps.setString(3, JobStatus.INGESTING.wire());
                ps.setString(4, configJson);
                ps.setString(5, apiKeyEncrypted);
                ps.setString(6, warnings.isEmpty() ? null : truncate(String.join(WARNING_SEPARATOR, warnings), 4000));
                ps.setObject(7, now());
                return ps.executeUpdate();
            }
        });
    }

    /** Streams a job's users into the database, committing every {@code batchSize} rows. */
    public UserWriter openWriter(String jobId, int batchSize) {
        return new UserWriter(db, jobId, batchSize, now());
    }

    /**
     * Accepts an ingested job: later records with an id seen earlier are skipped as duplicates, the users left to
     * send are cut into chunks, and the job becomes {@code queued} (or finishes at once when nothing is left to send).
     */
    public Acceptance accept(String jobId, int total, int skipped, int chunkSize) {
        return db.inTransaction(c -> {
            int duplicates = markDuplicates(c, jobId);
            List<Integer> toSend = chunksToSend(c, jobId, chunkSize);
            int chunks = toSend.size();
            OffsetDateTime now = now();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO job_chunk (job_id, chunk_no, first_seq, "
                    + "last_seq, queued_at, state) VALUES (?, ?, ?, ?, ?, 'pending')")) {
                for (int i : toSend) {
                    ps.setString(1, jobId);
                    ps.setInt(2, i);
                    ps.setInt(3, i * chunkSize);
                    ps.setInt(4, Math.min(total, (i + 1) * chunkSize) - 1);
                    ps.setObject(5, now);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            int allSkipped = skipped + duplicates;
            JobStatus status = chunks > 0 ? JobStatus.QUEUED
                    : allSkipped > 0 ? JobStatus.COMPLETED_WITH_ERRORS : JobStatus.SUCCEEDED;
            try (PreparedStatement ps = c.prepareStatement("UPDATE sync_job SET status = ?, total = ?, skipped = ?, "
                    + "finished_at = ? WHERE id = ?")) {
                ps.setString(1, status.wire());
                ps.setInt(2, total);
                ps.setInt(3, allSkipped);
                ps.setObject(4, status.finished() ? now : null);
                ps.setString(5, jobId);
                ps.executeUpdate();
            }
            return new Acceptance(status, allSkipped);
        });
    }

    /**
     * Accepts an ingested dry run: duplicates are skipped as in {@link #accept}, every other user becomes
     * {@code would_sync}, and the job finishes at once without a chunk, so nothing is ever sent.
     */
    public Acceptance acceptDryRun(String jobId, int total, int skipped) {
        return db.inTransaction(c -> {
            int allSkipped = skipped + markDuplicates(c, jobId);
            try (PreparedStatement ps = c.prepareStatement("UPDATE job_user SET outcome = ? WHERE job_id = ? "
                    + "AND outcome = 'pending'")) {
                ps.setString(1, Outcome.WOULD_SYNC.wire());
                ps.setString(2, jobId);
                ps.executeUpdate();
            }
            JobStatus status = allSkipped > 0 ? JobStatus.COMPLETED_WITH_ERRORS : JobStatus.SUCCEEDED;
            OffsetDateTime now = now();
            try (PreparedStatement ps = c.prepareStatement("UPDATE sync_job SET status = ?, total = ?, skipped = ?, "
                    + "started_at = ?, finished_at = ? WHERE id = ?")) {
                ps.setString(1, status.wire());
                ps.setInt(2, total);
                ps.setInt(3, allSkipped);
                ps.setObject(4, now);
                ps.setObject(5, now);
                ps.setString(6, jobId);
                ps.executeUpdate();
            }
            return new Acceptance(status, allSkipped);
        });
    }

    /** The first {@code limit} users of a dry run, with the attributes they would have been sent. */
    public List<Preview> previews(String jobId, int limit) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT user_id, payload FROM job_user WHERE job_id = ? "
                    + "AND outcome = ? ORDER BY seq LIMIT ?")) {
                ps.setString(1, jobId);
                ps.setString(2, Outcome.WOULD_SYNC.wire());
                ps.setInt(3, limit);
                List<Preview> previews = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        previews.add(new Preview(rs.getString(1), rs.getString(2)));
                    }
                }
                return previews;
            }
        });
    }

    /** One dry-run user: its id and the attributes it would have been sent, as JSON text. */
    public record Preview(String userId, String payload) {
    }

    /** The numbers of the chunks that hold a user to send: no chunk is made of only skipped or unchanged users. */
    private static List<Integer> chunksToSend(Connection c, String jobId, int chunkSize) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT seq / ? FROM job_user WHERE job_id = ? "
                + "AND outcome = 'pending' ORDER BY 1")) {
            ps.setInt(1, chunkSize);
            ps.setString(2, jobId);
            List<Integer> chunks = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    chunks.add(rs.getInt(1));
                }
            }
            return chunks;
        }
    }

    /** The status an ingested job was accepted with, and how many of its users are skipped (duplicates too). */
    public record Acceptance(JobStatus status, int skipped) {
    }

    private static int markDuplicates(Connection c, String jobId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE job_user SET outcome = 'skipped', error = "
                + "'duplicate userId: an earlier record of this job has the same id and is the one sent' "
                + "WHERE job_id = ? AND outcome = 'pending' AND EXISTS (SELECT 1 FROM job_user d "
                + "WHERE d.job_id = job_user.job_id AND d.user_id = job_user.user_id AND d.seq < job_user.seq "
                + "AND d.outcome IN ('pending', 'unchanged'))")) {
            ps.setString(1, jobId);
            return ps.executeUpdate();
        }
    }

    /** Removes a job that was never accepted (bad input found while streaming it). */
    public void discard(String jobId) {
        db.inTransaction(c -> {
            for (String table : List.of("job_chunk", "job_user", "sync_job")) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE "
                        + (table.equals("sync_job") ? "id" : "job_id") + " = ?")) {
                    ps.setString(1, jobId);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    /** Removes jobs left half-ingested by a crash; they were never answered with 202. */
    public int discardAbandonedIngests(OffsetDateTime before) {
        List<String> ids = db.strings("SELECT id FROM sync_job WHERE status = 'ingesting' AND created_at < ?", before);
        ids.forEach(this::discard);
        return ids.size();
    }

    /** A visible (accepted) job. */
    public Optional<JobRecord> find(String jobId) {
        return find(jobId, null);
    }

    /** A visible (accepted) job of this tenant; another tenant's job is not found, as if it did not exist. */
    public Optional<JobRecord> find(String jobId, String tenant) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + JOB_COLUMNS + " FROM sync_job "
                    + "WHERE id = ? AND status <> 'ingesting'" + (tenant == null ? "" : " AND tenant = ?"))) {
                ps.setString(1, jobId);
                if (tenant != null) {
                    ps.setString(2, tenant);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(job(rs)) : Optional.<JobRecord>empty();
                }
            }
        });
    }

    /**
     * A page of a tenant's visible jobs, newest first, optionally of one status; the keyset cursor is the
     * {@code createdAt} and {@code id} of the last job of the previous page (null for the first page).
     */
    public List<JobRecord> list(String tenant, JobStatus status, OffsetDateTime afterCreated, String afterId,
            int limit) {
        return db.read(c -> {
            String sql = "SELECT " + JOB_COLUMNS + " FROM sync_job WHERE tenant = ? "
                    + "AND status <> 'ingesting' "
                    + (status == null ? "" : "AND status = ? ")
                    + (afterCreated == null ? "" : "AND (created_at < ? OR (created_at = ? AND id < ?)) ")
                    + "ORDER BY created_at DESC, id DESC LIMIT ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setString(i++, tenant);
                if (status != null) {
                    ps.setString(i++, status.wire());
                }
                if (afterCreated != null) {
                    ps.setObject(i++, afterCreated);
                    ps.setObject(i++, afterCreated);
                    ps.setString(i++, afterId);
                }
                ps.setInt(i, limit);
                List<JobRecord> page = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        page.add(job(rs));
                    }
                }
                return page;
            }
        });
    }

    /** The encrypted API key and redacted config of a job, for delivery. */
    public Optional<String[]> deliveryConfig(String jobId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT config, api_key_enc FROM sync_job WHERE id = ?")) {
                ps.setString(1, jobId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new String[] { rs.getString(1), rs.getString(2) })
                            : Optional.<String[]>empty();
                }
            }
        });
    }

    /** A page of outcomes in input order after the cursor {@code afterSeq}, optionally of one outcome only. */
    public List<UserOutcome> outcomes(String jobId, Outcome outcome, int afterSeq, int limit) {
        return db.read(c -> {
            String sql = "SELECT seq, user_id, outcome, http_status, attempts, error FROM job_user WHERE job_id = ? "
                    + (outcome == null ? "" : "AND outcome = ? ") + "AND seq > ? ORDER BY seq LIMIT ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setString(i++, jobId);
                if (outcome != null) {
                    ps.setString(i++, outcome.wire());
                }
                ps.setInt(i++, afterSeq);
                ps.setInt(i, limit);
                List<UserOutcome> page = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        page.add(new UserOutcome(rs.getInt(1), rs.getString(2), Outcome.fromWire(rs.getString(3)),
                                rs.getObject(4, Integer.class), rs.getInt(5), rs.getString(6)));
                    }
                }
                return page;
            }
        });
    }

    private static JobRecord job(ResultSet rs) throws SQLException {
        String warnings = rs.getString("warnings");
        return new JobRecord(rs.getString("id"), rs.getString("tenant"), JobStatus.fromWire(rs.getString("status")),
                rs.getString("config"), warnings == null ? List.of() : Arrays.asList(warnings.split(WARNING_SEPARATOR)),
                rs.getInt("total"), rs.getInt("synced"), rs.getInt("failed"), rs.getInt("skipped"),
                rs.getString("error"), rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("started_at", OffsetDateTime.class), rs.getObject("finished_at", OffsetDateTime.class),
                rs.getInt("cancelled"), rs.getString("retry_of"), rs.getInt("unchanged"));
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }

    /** Text as stored: at most {@code max} characters, and no NUL (PostgreSQL refuses it in text columns). */
    static String truncate(String s, int max) {
        String clean = s == null ? null : s.replace('\0', '\uFFFD');
        return clean == null || clean.length() <= max ? clean : clean.substring(0, max - 1) + "…";
    }
}
