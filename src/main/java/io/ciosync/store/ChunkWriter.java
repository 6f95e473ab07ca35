package io.ciosync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import io.ciosync.store.ChunkCodec.StoredUser;

/**
 * Streams one job's users into chunk rows as they are ingested, one row (and one commit) per {@code chunkSize}
 * users. A chunk with users to send is {@code held} until the input is known good ({@link #release()}, see
 * {@code Ingestor}), then queued ({@code pending}) as soon as it is written, so delivery starts while the rest is
 * still being read; one without (all skipped, unchanged, or a dry run) is {@code done} and never claimed. Not
 * thread-safe. Before each chunk it makes sure the data directory still has its reserve ({@link DiskSpace}).
 */
public final class ChunkWriter implements AutoCloseable {
    private final Connection connection;
    private final PreparedStatement insert;
    private final PreparedStatement insertUsers;
    private final int chunkSize;
    private final List<StoredUser> users = new ArrayList<>();
    private final Runnable queued;
    private final Runnable beforeChunk;
    private final Database db;
    private final String jobId;
    private int chunkNo;
    private int pending;
    private boolean released;

    ChunkWriter(Database db, String jobId, int chunkSize, OffsetDateTime now, Runnable queued, Runnable beforeChunk) {
        this.db = db;
        this.beforeChunk = beforeChunk;
        this.chunkSize = chunkSize;
        this.queued = queued;
        this.jobId = jobId;
        try {
            this.connection = db.connection();
            connection.setAutoCommit(false);
            this.insert = connection.prepareStatement("INSERT INTO job_chunk (job_id, chunk_no, first_seq, last_seq, "
                    + "queued_at, state, pending) VALUES (?, ?, ?, ?, ?, ?, ?)");
            insert.setString(1, jobId);
            insert.setObject(5, now);
            // the users apart from the chunk's row, which changes with its state (V10)
            this.insertUsers = connection.prepareStatement(
                    "INSERT INTO job_chunk_users (job_id, chunk_no, users) " + "VALUES (?, ?, ?)");
            insertUsers.setString(1, jobId);
        } catch (SQLException e) {
            throw db.failed(e);
        }
    }

    /** The next user (seq is implied: users are added in input order from 0). */
    public void add(String userId, byte[] payload, Outcome outcome, String error, String fingerprint) {
        users.add(new StoredUser(
                Sql.text(userId, JobStore.MAX_USER_ID_CHARS), payload, fingerprint, outcome, Sql.text(error)));
        pending += outcome == Outcome.PENDING ? 1 : 0;
        if (users.size() == chunkSize) {
            flush();
        }
    }

    /** A user added earlier: its id and payload (null when it is not sent). */
    public record Written(String userId, byte[] payload) {}

    /** The user added as {@code seq}: from the chunk being filled, or read back from the chunk row written. */
    public Written written(int seq) {
        int first = chunkNo * chunkSize;
        if (seq >= first) {
            StoredUser u = users.get(seq - first);
            return new Written(u.userId(), u.payload());
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT users FROM job_chunk_users WHERE job_id = ? " + "AND chunk_no = ?")) {
            ps.setString(1, jobId);
            ps.setInt(2, seq / chunkSize);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Written[] found = new Written[1];
                ChunkCodec.users(rs.getBytes(1), seq % chunkSize, (i, u) -> {
                    found[0] = new Written(u.userId(), u.payload());
                    return false;
                });
                return found[0];
            }
        } catch (SQLException e) {
            throw new Database.StoreException(e);
        }
    }

    /** Writes the users added since the last chunk as a chunk of their own. */
    public void flush() {
        if (users.isEmpty()) {
            return;
        }
        beforeChunk.run();
        try {
            int first = chunkNo * chunkSize;
            insert.setInt(2, chunkNo);
            insert.setInt(3, first);
            insert.setInt(4, first + users.size() - 1);
            insert.setString(6, pending == 0 ? "done" : released ? "pending" : "held");
            insert.setInt(7, pending);
            insert.executeUpdate();
            insertUsers.setInt(2, chunkNo);
            insertUsers.setBytes(3, ChunkCodec.users(users));
            insertUsers.executeUpdate();
            connection.commit();
        } catch (SQLException e) {
            throw db.failed(e);
        }
        if (pending > 0 && released) {
            queued.run();
        }
        chunkNo++;
        pending = 0;
        users.clear();
    }

    /** From now on chunks go to delivery as they are written; those held back so far go now. */
    public void release() {
        if (released) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "UPDATE job_chunk SET state = 'pending' " + "WHERE job_id = ? AND state = 'held'")) {
            ps.setString(1, jobId);
            int chunks = ps.executeUpdate();
            connection.commit();
            released = true;
            if (chunks > 0) {
                queued.run();
            }
        } catch (SQLException e) {
            throw db.failed(e);
        }
    }

    public boolean released() {
        return released;
    }

    @Override
    public void close() {
        try (connection;
                insert;
                insertUsers) {
            connection.rollback();
        } catch (SQLException e) {
            throw db.failed(e);
        }
    }
}
