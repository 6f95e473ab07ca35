package io.ciosync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;

/** How a job ends: when none of its chunks is left to deliver, with its final status. */
final class JobEnd {

    private JobEnd() {}

    /** Finishes a queued or running job whose chunks are all delivered; returns its status if it is final. */
    static Optional<JobStatus> finishIfDone(Connection c, String jobId, OffsetDateTime now) throws SQLException {
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
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE sync_job SET status = CASE WHEN failed + skipped > 0 "
                        + "THEN 'completed_with_errors' ELSE 'succeeded' END, finished_at = ? WHERE id = ? AND status IN ('queued', 'running')")) {
            ps.setObject(1, now);
            ps.setString(2, jobId);
            ps.executeUpdate();
        }
        return status(c, jobId).filter(JobStatus::finished);
    }

    /** A job's status as this transaction sees it. */
    static Optional<JobStatus> status(Connection c, String jobId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT status FROM sync_job WHERE id = ?")) {
            ps.setString(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(JobStatus.fromWire(rs.getString(1))) : Optional.empty();
            }
        }
    }
}
