package io.ciosync.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The work queue: chunks of a job's users claimed under a lease ({@code FOR UPDATE SKIP LOCKED}), their outcomes
 * recorded once by the lease holder, expired leases handed back. Works the same on H2 and PostgreSQL.
 */
@ApplicationScoped
public class ChunkStore {

    /** A claimed range of users. */
    public record Chunk(String jobId, int chunkNo, int firstSeq, int lastSeq) {
    }

    /** A user still to be sent: its mapped payload as JSON text. */
    public record PendingUser(int seq, String userId, String payload) {
    }

    /** What delivery made of one user. */
    public record Delivered(int seq, Outcome outcome, Integer httpStatus, int attempts, String error) {

        /** Whether {@code next} directly follows {@code previous} with this same outcome, so one statement records both. */
        boolean sameRun(Delivered previous, Delivered next) {
            return next.seq == previous.seq + 1 && next.outcome == outcome && Objects.equals(next.httpStatus, httpStatus)
                    && next.attempts == attempts && Objects.equals(next.error, error);
        }
    }

    private final Database db;
    private final Clock clock;

    ChunkStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Claims the next pending chunk (chunk 0 of every job first, so jobs share the workers fairly). */
    public Optional<Chunk> claim(String owner, Duration lease) {
        return db.inTransaction(c -> {
            Chunk chunk;
            try (PreparedStatement ps = c.prepareStatement("SELECT job_id, chunk_no, first_seq, last_seq FROM job_chunk "
                    + "WHERE state = 'pending' ORDER BY chunk_no, queued_at LIMIT 1 FOR UPDATE SKIP LOCKED");
                    ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.<Chunk>empty();
                }
                chunk = new Chunk(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getInt(4));
            }
            OffsetDateTime now = now();
            update(c, "UPDATE job_chunk SET state = 'leased', lease_owner = ?, lease_until = ? "
                    + "WHERE job_id = ? AND chunk_no = ?", owner, now.plus(lease), chunk.jobId(), chunk.chunkNo());
            update(c, "UPDATE sync_job SET status = 'running', started_at = ? WHERE id = ? AND status = 'queued'",
                    now, chunk.jobId());
            return Optional.of(chunk);
        });
    }

    public List<PendingUser> pendingUsers(Chunk chunk) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, user_id, payload FROM job_user "
                    + "WHERE job_id = ? AND outcome = 'pending' AND seq BETWEEN ? AND ? ORDER BY seq")) {
                ps.setString(1, chunk.jobId());
                ps.setInt(2, chunk.firstSeq());
                ps.setInt(3, chunk.lastSeq());
                List<PendingUser> users = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        users.add(new PendingUser(rs.getInt(1), rs.getString(2), rs.getString(3)));
                    }
                }
                return users;
            }
        });
    }

    /**
     * Records a chunk's outcomes in one transaction, if {@code owner} still holds its lease (otherwise another
     * replica took it over and will record them: nothing is counted twice). Finishes the job after its last chunk.
     *
     * An unfinished chunk (shutdown came first) goes back to the queue with the outcomes it has. With a
     * {@code jobError} the job fails in the same transaction (its unclaimed chunks are not sent), so its outcomes
     * so far are never seen without its status, nor the other way round.
     *
     * @return the job's final status when this chunk finished it
     */
    public Optional<JobStatus> complete(Chunk chunk, String owner, List<Delivered> results, boolean finished,
            String jobError) {
        return db.inTransaction(c -> {
            // the users first, the chunk's and the job's rows last: those are what other transactions wait for
            int[] counts = recordOutcomes(c, chunk.jobId(), results);
            if (update(c, "UPDATE job_chunk SET state = ?, done_by = ?, lease_owner = NULL, lease_until = NULL "
                    + "WHERE job_id = ? AND chunk_no = ? AND state = 'leased' AND lease_owner = ?",
                    finished ? "done" : "pending", finished ? owner : null, chunk.jobId(), chunk.chunkNo(),
                    owner) == 0) {
                c.rollback(); // another replica took the chunk over and records it
                return Optional.<JobStatus>empty();
            }
            update(c, "UPDATE sync_job SET synced = synced + ?, failed = failed + ? WHERE id = ?",
                    counts[0], counts[1], chunk.jobId());
            if (counts[0] > 0) {
                Fingerprints.recordSynced(c, chunk.jobId(), chunk.firstSeq(), chunk.lastSeq(), now());
            }
            if (jobError != null) {
                return fail(c, chunk.jobId(), jobError) ? Optional.of(JobStatus.FAILED) : Optional.<JobStatus>empty();
            }
            if (finished) {
                cancelRest(c, chunk);
            }
            return finishIfDone(c, chunk.jobId());
        });
    }

    /**
     * Records outcomes still pending, one statement per run of consecutive users with the same outcome (a batch that
     * synced is one run); returns how many became synced and how many failed.
     */
    private int[] recordOutcomes(Connection c, String jobId, List<Delivered> results) throws SQLException {
        List<Delivered> bySeq = results.stream().sorted(Comparator.comparingInt(Delivered::seq)).toList();
        List<Outcome> runs = new ArrayList<>();
        int[] counts = new int[2];
        try (PreparedStatement ps = c.prepareStatement("UPDATE job_user SET outcome = ?, http_status = ?, attempts = ?, "
                + "error = ?, updated_at = ? WHERE job_id = ? AND seq BETWEEN ? AND ? AND outcome = 'pending'")) {
            OffsetDateTime now = now();
            for (int first = 0, last; first < bySeq.size(); first = last + 1) {
                Delivered d = bySeq.get(first);
                last = first;
                while (last + 1 < bySeq.size() && d.sameRun(bySeq.get(last), bySeq.get(last + 1))) {
                    last++;
                }
                ps.setString(1, d.outcome().wire());
                if (d.httpStatus() == null) {
                    ps.setNull(2, Types.INTEGER);
                } else {
                    ps.setInt(2, d.httpStatus());
                }
                ps.setInt(3, d.attempts());
                ps.setString(4, JobStore.truncate(d.error(), JobStore.MAX_ERROR_CHARS));
                ps.setObject(5, now);
                ps.setString(6, jobId);
                ps.setInt(7, d.seq());
                ps.setInt(8, bySeq.get(last).seq());
                ps.addBatch();
                runs.add(d.outcome());
            }
            int[] updated = ps.executeBatch();
            for (int i = 0; i < updated.length; i++) {
                counts[runs.get(i) == Outcome.SYNCED ? 0 : 1] += updated[i];
            }
        }
        return counts;
    }

    private Optional<JobStatus> finishIfDone(Connection c, String jobId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM job_chunk WHERE job_id = ? AND state IN ('pending', 'leased')")) {
            ps.setString(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getInt(1) > 0) {
                    return Optional.empty();
                }
            }
        }
        update(c, "UPDATE sync_job SET status = CASE WHEN failed + skipped > 0 THEN 'completed_with_errors' "
                + "ELSE 'succeeded' END, finished_at = ? WHERE id = ? AND status IN ('queued', 'running')", now(), jobId);
        try (PreparedStatement ps = c.prepareStatement("SELECT status FROM sync_job WHERE id = ?")) {
            ps.setString(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(JobStatus.fromWire(rs.getString(1))) : Optional.empty();
            }
        }
    }

    /** Fails a job at once (e.g. Customer.io refused its credentials): its unclaimed chunks are not sent. */
    private boolean fail(Connection c, String jobId, String error) throws SQLException {
        int changed = update(c, "UPDATE sync_job SET status = 'failed', error = ?, finished_at = ? "
                + "WHERE id = ? AND status IN ('queued', 'running')", JobStore.truncate(error, 4000), now(), jobId);
        update(c, "UPDATE job_chunk SET state = 'cancelled' WHERE job_id = ? AND state = 'pending'", jobId);
        return changed > 0;
    }

    /**
     * Cancels a queued or running job: its unclaimed chunks and their users end {@code cancelled} now; chunks being
     * delivered stop between users and cancel the rest when they complete.
     *
     * @return empty if the job is not queued or running; else whether chunks are still being delivered
     */
    public Optional<Boolean> cancel(String jobId) {
        return db.inTransaction(c -> {
            if (update(c, "UPDATE sync_job SET status = 'cancelled', finished_at = ? WHERE id = ? "
                    + "AND status IN ('queued', 'running')", now(), jobId) == 0) {
                return Optional.<Boolean>empty();
            }
            update(c, "UPDATE job_chunk SET state = 'cancelled' WHERE job_id = ? AND state = 'pending'", jobId);
            int users = update(c, "UPDATE job_user SET outcome = 'cancelled', updated_at = ? WHERE job_id = ? "
                    + "AND outcome = 'pending' AND EXISTS (SELECT 1 FROM job_chunk k WHERE k.job_id = job_user.job_id "
                    + "AND k.state = 'cancelled' AND job_user.seq BETWEEN k.first_seq AND k.last_seq)", now(), jobId);
            update(c, "UPDATE sync_job SET cancelled = cancelled + ? WHERE id = ?", users, jobId);
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COUNT(*) FROM job_chunk WHERE job_id = ? AND state = 'leased'")) {
                ps.setString(1, jobId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return Optional.of(rs.getInt(1) > 0);
                }
            }
        });
    }

    public boolean isCancelled(String jobId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM sync_job WHERE id = ? "
                    + "AND status = 'cancelled'")) {
                ps.setString(1, jobId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** The users of a finished chunk of a cancelled job that were not sent end {@code cancelled}. */
    private void cancelRest(Connection c, Chunk chunk) throws SQLException {
        int users = update(c, "UPDATE job_user SET outcome = 'cancelled', updated_at = ? WHERE job_id = ? "
                + "AND seq BETWEEN ? AND ? AND outcome = 'pending' AND EXISTS (SELECT 1 FROM sync_job j "
                + "WHERE j.id = job_user.job_id AND j.status = 'cancelled')", now(), chunk.jobId(), chunk.firstSeq(),
                chunk.lastSeq());
        if (users > 0) {
            update(c, "UPDATE sync_job SET cancelled = cancelled + ? WHERE id = ?", users, chunk.jobId());
        }
    }

    /** Extends the leases of every chunk {@code owner} holds. */
    public int heartbeat(String owner, Duration lease) {
        return db.inTransaction(c -> update(c, "UPDATE job_chunk SET lease_until = ? "
                + "WHERE lease_owner = ? AND state = 'leased'", now().plus(lease), owner));
    }

    /** Hands chunks whose lease expired (their replica died) back to the queue. */
    public int reclaimExpired() {
        return db.inTransaction(c -> update(c, "UPDATE job_chunk SET state = 'pending', lease_owner = NULL, "
                + "lease_until = NULL WHERE state = 'leased' AND lease_until < ?", now()));
    }

    /** Hands back every leased chunk: only safe when no other replica can be alive (the embedded database). */
    public int releaseAll() {
        return db.inTransaction(c -> update(c, "UPDATE job_chunk SET state = 'pending', lease_owner = NULL, "
                + "lease_until = NULL WHERE state = 'leased'"));
    }

    /** Finishes jobs whose chunks are all done but whose last completion did not finish them (a crash between). */
    public int finishStranded() {
        List<String> ids = db.strings("SELECT id FROM sync_job j WHERE status IN ('queued', 'running') AND NOT EXISTS "
                + "(SELECT 1 FROM job_chunk k WHERE k.job_id = j.id AND k.state IN ('pending', 'leased'))");
        ids.forEach(id -> db.inTransaction(c -> finishIfDone(c, id)));
        return ids.size();
    }

    /** Hands back one chunk this replica will not finish (shutting down, or its job could not be loaded). */
    public void release(Chunk chunk, String owner) {
        db.inTransaction(c -> update(c, "UPDATE job_chunk SET state = 'pending', lease_owner = NULL, "
                + "lease_until = NULL WHERE job_id = ? AND chunk_no = ? AND lease_owner = ? AND state = 'leased'",
                chunk.jobId(), chunk.chunkNo(), owner));
    }

    private static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
