package io.ciosync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.ciosync.store.ChunkCodec.Run;
import io.ciosync.store.ChunkCodec.RunCursor;

/**
 * The work queue: chunks of a job's users claimed under a lease ({@link Leases}), their outcomes recorded once by the
 * lease holder, expired leases handed back. Works the same on H2 and PostgreSQL.
 */
@ApplicationScoped
public class ChunkStore {

    /** Chunks as leased work: pending until claimed (chunk 0 of every job first), leased while being delivered. */
    static final LeaseKind<Chunk> CHUNKS = new LeaseKind<>(
            "job_chunk",
            "job_id = ? AND chunk_no = ?",
            "job_id, chunk_no, first_seq, last_seq",
            "state = 'pending'",
            "chunk_no, queued_at",
            "lease_owner",
            "lease_until",
            "state = 'leased'",
            "state = 'leased'",
            "state = 'pending'",
            rs -> new Chunk(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getInt(4)),
            (ps, i, chunk) -> {
                ps.setString(i, chunk.jobId());
                ps.setInt(i + 1, chunk.chunkNo());
            });

    /** A claimed range of users. */
    public record Chunk(String jobId, int chunkNo, int firstSeq, int lastSeq) {}

    /** A user still to be sent: its mapped payload as UTF-8 JSON, and its fingerprint when its job records them. */
    public record PendingUser(int seq, String userId, byte[] payload, String fingerprint) {}

    /** What delivery made of one user. */
    public record Delivered(int seq, Outcome outcome, Integer httpStatus, int attempts, String error) {

        /** Whether {@code next} directly follows {@code previous} with this same outcome, so one statement records both. */
        boolean sameRun(Delivered previous, Delivered next) {
            return next.seq == previous.seq + 1
                    && next.outcome == outcome
                    && Objects.equals(next.httpStatus, httpStatus)
                    && next.attempts == attempts
                    && Objects.equals(next.error, error);
        }
    }

    private final Database db;
    private final Leases leases;
    private final Clock clock;

    ChunkStore(Database db, Leases leases, Clock clock) {
        this.db = db;
        this.leases = leases;
        this.clock = clock;
    }

    /** Claims the next pending chunk (chunk 0 of every job first, so jobs share the workers fairly). */
    public Optional<Chunk> claim(String owner, Duration lease) {
        return claim(owner, lease, List.of());
    }

    /** Claims the next pending chunk of any job but {@code exceptJobs} (jobs whose workspace has its share now). */
    public Optional<Chunk> claim(String owner, Duration lease, List<String> exceptJobs) {
        String except = exceptJobs.isEmpty() ? "" : " AND job_id NOT IN (" + "?, ".repeat(exceptJobs.size() - 1) + "?)";
        return db.inTransaction(c -> {
            List<Chunk> claimed = leases.claim(c, CHUNKS, owner, lease, 1, except, exceptJobs.toArray());
            if (claimed.isEmpty()) {
                return Optional.<Chunk>empty();
            }
            Chunk chunk = claimed.get(0);
            OffsetDateTime now = now();
            Sql.update(
                    c,
                    "UPDATE sync_job SET status = CASE WHEN status = 'queued' THEN 'running' ELSE status END, "
                            + "started_at = COALESCE(started_at, ?) WHERE id = ? AND status IN ('queued', 'ingesting')",
                    now,
                    chunk.jobId());
            return Optional.of(chunk);
        });
    }

    /** The users of a chunk still to send: none already sent by an earlier holder of its lease. */
    public List<PendingUser> pendingUsers(Chunk chunk) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT u.users, k.outcomes FROM "
                    + ChunkCodec.CHUNK_WITH_USERS + " WHERE k.job_id = ? AND k.chunk_no = ?")) {
                ps.setString(1, chunk.jobId());
                ps.setInt(2, chunk.chunkNo());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return List.<PendingUser>of();
                    }
                    RunCursor done = new RunCursor(ChunkCodec.runs(rs.getBytes(2)));
                    return ChunkCodec.pending(rs.getBytes(1), chunk.firstSeq(), seq -> done.at(seq) == null);
                }
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
    public Optional<JobStatus> complete(
            Chunk chunk,
            String owner,
            List<PendingUser> users,
            List<Delivered> results,
            boolean finished,
            String jobError) {
        return db.inTransactionRetryingDeadlocks(c -> {
            Optional<List<Run>> recorded =
                    leases.lockHeld(c, CHUNKS, owner, chunk, "outcomes", rs -> ChunkCodec.runs(rs.getBytes(1)));
            if (recorded.isEmpty()) {
                return Optional.<JobStatus>empty(); // another replica took the chunk over and records it
            }
            ChunkOutcomes outcomes = new ChunkOutcomes(recorded.get(), users, results);
            if (finished && JobEnd.status(c, chunk.jobId()).orElse(null) == JobStatus.CANCELLED) {
                outcomes.cancelUnsent(); // the job was cancelled: the users this chunk did not send never will be
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE job_chunk SET outcomes = ?, "
                    + "pending = pending - ?, state = ?, done_by = ?, lease_owner = NULL, lease_until = NULL "
                    + "WHERE job_id = ? AND chunk_no = ?")) {
                ps.setBytes(1, ChunkCodec.runs(outcomes.runs()));
                ps.setInt(2, outcomes.ended());
                ps.setString(3, finished ? "done" : "pending");
                ps.setString(4, finished ? owner : null);
                ps.setString(5, chunk.jobId());
                ps.setInt(6, chunk.chunkNo());
                ps.executeUpdate();
            }
            Sql.update(
                    c,
                    "UPDATE sync_job SET synced = synced + ?, failed = failed + ?, cancelled = cancelled + ? "
                            + "WHERE id = ?",
                    outcomes.synced(),
                    outcomes.failed(),
                    outcomes.cancelled(),
                    chunk.jobId());
            Fingerprints.recordSynced(c, db.vendor(), chunk.jobId(), outcomes.syncedUsers(), now());
            if (jobError != null) {
                return fail(c, chunk.jobId(), jobError) ? Optional.of(JobStatus.FAILED) : Optional.<JobStatus>empty();
            }
            return JobEnd.finishIfDone(c, chunk.jobId(), now());
        });
    }

    /** Fails a job at once (e.g. Customer.io refused its credentials): its unclaimed chunks are not sent. */
    private boolean fail(Connection c, String jobId, String error) throws SQLException {
        int changed = Sql.update(
                c,
                "UPDATE sync_job SET status = 'failed', error = ?, finished_at = ? "
                        + "WHERE id = ? AND status IN ('ingesting', 'queued', 'running')",
                Sql.text(error, Sql.MAX_JOB_CHARS),
                now(),
                jobId);
        Sql.update(c, "UPDATE job_chunk SET state = 'cancelled' WHERE job_id = ? AND state = 'pending'", jobId);
        return changed > 0;
    }

    public boolean isCancelled(String jobId) {
        return db.read(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT 1 FROM sync_job WHERE id = ? " + "AND status = 'cancelled'")) {
                ps.setString(1, jobId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** Extends the leases of the chunks {@code owner}'s workers hold now, and of no other. */
    public void renew(List<Chunk> held, String owner, Duration lease) {
        leases.renew(CHUNKS, owner, held, lease);
    }

    /** Hands back chunks whose lease expired: their replica died, lost its database, or gave them up. */
    public int reclaimExpired() {
        return leases.reclaimExpired(CHUNKS);
    }

    /** Hands back every leased chunk: only safe when no other replica can be alive (the embedded database). */
    public int releaseAll() {
        return leases.reclaimAll(CHUNKS);
    }

    /** Finishes jobs whose chunks are all done but whose last completion did not finish them (a crash between). */
    public int finishStranded() {
        List<String> ids = db.strings("SELECT id FROM sync_job j WHERE status IN ('queued', 'running') AND NOT EXISTS "
                + "(SELECT 1 FROM job_chunk k WHERE k.job_id = j.id AND k.state IN ('pending', 'leased'))");
        ids.forEach(id -> db.inTransaction(c -> JobEnd.finishIfDone(c, id, now())));
        return ids.size();
    }

    /** Hands back one chunk this replica will not finish (shutting down, or its job could not be loaded). */
    public void release(Chunk chunk, String owner) {
        leases.release(CHUNKS, owner, chunk);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
