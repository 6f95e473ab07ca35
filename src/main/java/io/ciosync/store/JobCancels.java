package io.ciosync.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

/** Cancelling a job in the work queue ({@link ChunkStore}): its job row and its chunks not yet delivered. */
@ApplicationScoped
public class JobCancels {

    private final Database db;
    private final Clock clock;

    JobCancels(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Cancels a queued or running job: its unclaimed chunks and their users end {@code cancelled} now; chunks being
     * delivered stop between users and cancel the rest when they complete.
     *
     * @return empty if the job is not queued or running; else whether chunks are still being delivered
     */
    public Optional<Boolean> cancel(String jobId) {
        return db.inTransactionRetryingDeadlocks(c -> {
            if (Sql.update(
                            c,
                            "UPDATE sync_job SET status = 'cancelled', finished_at = ? WHERE id = ? "
                                    + "AND status IN ('queued', 'running')",
                            now(),
                            jobId)
                    == 0) {
                return Optional.<Boolean>empty();
            }
            int users = 0;
            boolean leased = false;
            try (PreparedStatement ps = c.prepareStatement("SELECT chunk_no, state, pending FROM job_chunk "
                    + "WHERE job_id = ? AND state IN ('pending', 'leased') FOR UPDATE")) {
                ps.setString(1, jobId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getString(2).equals("leased")) {
                            leased = true;
                        } else if (Sql.update(
                                        c,
                                        "UPDATE job_chunk SET state = 'cancelled' WHERE job_id = ? "
                                                + "AND chunk_no = ? AND state = 'pending'",
                                        jobId,
                                        rs.getInt(1))
                                == 1) {
                            users += rs.getInt(3);
                        }
                    }
                }
            }
            Sql.update(c, "UPDATE sync_job SET cancelled = cancelled + ? WHERE id = ?", users, jobId);
            return Optional.of(leased);
        });
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
