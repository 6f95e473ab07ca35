package io.ciosync.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;

/** Batched inserts of one job's users on one connection; not thread-safe. */
public final class UserWriter implements AutoCloseable {
    private final Connection connection;
    private final PreparedStatement insert;
    private final int batchSize;
    private int inBatch;

    UserWriter(Database db, String jobId, int batchSize, OffsetDateTime now) {
        this.batchSize = batchSize;
        this.connection = open(db);
        try {
            this.insert = connection.prepareStatement("INSERT INTO job_user (job_id, seq, user_id, payload, "
                    + "outcome, error, updated_at, fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
            insert.setString(1, jobId);
            insert.setObject(7, now);
        } catch (SQLException e) {
            throw new Database.StoreException(e);
        }
    }

    private static Connection open(Database db) {
        try {
            Connection c = db.connection();
            c.setAutoCommit(false);
            return c;
        } catch (SQLException e) {
            throw new Database.StoreException(e);
        }
    }

    public void add(int seq, String userId, String payload, Outcome outcome, String error) {
        add(seq, userId, payload, outcome, error, null);
    }

    /** A user with the fingerprint of its payload (see {@link Fingerprints}). */
    public void add(int seq, String userId, String payload, Outcome outcome, String error, String fingerprint) {
        try {
            insert.setString(8, fingerprint);
            insert.setInt(2, seq);
            insert.setString(3, JobStore.truncate(userId, JobStore.MAX_USER_ID_CHARS));
            if (payload == null) {
                insert.setNull(4, Types.VARCHAR);
            } else {
                insert.setString(4, payload);
            }
            insert.setString(5, outcome.wire());
            insert.setString(6, JobStore.truncate(error, JobStore.MAX_ERROR_CHARS));
            insert.addBatch();
            if (++inBatch >= batchSize) {
                flush();
            }
        } catch (SQLException e) {
            throw new Database.StoreException(e);
        }
    }

    public void flush() {
        try {
            if (inBatch > 0) {
                insert.executeBatch();
                connection.commit();
                inBatch = 0;
            }
        } catch (SQLException e) {
            throw new Database.StoreException(e);
        }
    }

    @Override
    public void close() {
        try (connection; insert) {
            connection.rollback();
        } catch (SQLException e) {
            throw new Database.StoreException(e);
        }
    }
}
