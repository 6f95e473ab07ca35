package io.ciosync.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Why running jobs wait (Customer.io unreachable, retries), as each replica delivering them last reported it, and the
 * requests being retried, whose users show their attempts and last error while still pending.
 */
@ApplicationScoped
public class JobWaits {

    /** What a job waits for, and since when. */
    public record Waiting(String reason, OffsetDateTime since) {}

    private final Database db;

    JobWaits(Database db) {
        this.db = db;
    }

    /** What {@code replica} waits for in this job now; empty: nothing. */
    public void report(String jobId, String replica, Optional<Waiting> waiting) {
        db.inTransaction(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("DELETE FROM job_waiting WHERE job_id = ? " + "AND replica = ?")) {
                ps.setString(1, jobId);
                ps.setString(2, replica);
                ps.executeUpdate();
            }
            if (waiting.isPresent()) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO job_waiting (job_id, replica, reason, "
                        + "since) SELECT id, ?, ?, ? FROM sync_job WHERE id = ?")) { // nothing if the job is gone
                    ps.setString(1, replica);
                    ps.setString(2, Sql.text(waiting.get().reason()));
                    ps.setObject(3, waiting.get().since());
                    ps.setString(4, jobId);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    /** The pending users {@code firstSeq..lastSeq} of a request being retried: attempts so far, the last error. */
    public record Retrying(int firstSeq, int lastSeq, int attempts, String error) {}

    /** A request carrying users {@code firstSeq..lastSeq} is being retried after {@code attempts} attempts. */
    public void retrying(String jobId, int firstSeq, int lastSeq, int attempts, String error) {
        db.inTransaction(c -> {
            retried(c, jobId, firstSeq);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO job_retrying (job_id, first_seq, last_seq, "
                    + "attempts, error) SELECT id, ?, ?, ?, ? FROM sync_job WHERE id = ?")) {
                ps.setInt(1, firstSeq);
                ps.setInt(2, lastSeq);
                ps.setInt(3, attempts);
                ps.setString(4, Sql.text(error));
                ps.setString(5, jobId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The request carrying users from {@code firstSeq} has ended (its outcomes are recorded with the chunk). */
    public void retried(String jobId, int firstSeq) {
        db.inTransaction(c -> retried(c, jobId, firstSeq));
    }

    private static int retried(java.sql.Connection c, String jobId, int firstSeq) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM job_retrying WHERE job_id = ? AND first_seq = ?")) {
            ps.setString(1, jobId);
            ps.setInt(2, firstSeq);
            return ps.executeUpdate();
        }
    }

    /** The requests of a job being retried now. */
    List<Retrying> retrying(String jobId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT first_seq, last_seq, attempts, error FROM " + "job_retrying WHERE job_id = ?")) {
                ps.setString(1, jobId);
                List<Retrying> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Retrying(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getString(4)));
                    }
                }
                return rows;
            }
        });
    }

    /** The longest wait of any replica delivering the job. */
    public Optional<Waiting> of(String jobId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT reason, since FROM job_waiting WHERE job_id = ? " + "ORDER BY since LIMIT 1")) {
                ps.setString(1, jobId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new Waiting(rs.getString(1), rs.getObject(2, OffsetDateTime.class)))
                            : Optional.<Waiting>empty();
                }
            }
        });
    }
}
