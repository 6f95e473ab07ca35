package io.ciosync.store;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.ciosync.store.ChunkCodec.Run;
import io.ciosync.store.ChunkCodec.StoredUser;

/**
 * Flyway V8: the {@code job_user} rows of jobs stored by versions before V7 become the blobs of their chunks (each old
 * chunk keeps its seq range; users outside every chunk, never to be sent, go into {@code done} chunks), and the table
 * is dropped. Leases do not survive: leased chunks are pending again (stop every replica before upgrading).
 */
public final class LegacyUserRows {

    private static final int MAX_CHUNK = 5000;

    private record OldChunk(int first, int last, String state, OffsetDateTime queuedAt, String doneBy) {}

    private LegacyUserRows() {}

    public static void convert(Connection c) throws SQLException {
        List<String> jobs = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT DISTINCT job_id FROM job_user ORDER BY job_id")) {
            while (rs.next()) {
                jobs.add(rs.getString(1));
            }
        }
        for (String job : jobs) {
            convert(c, job);
        }
        try (Statement st = c.createStatement()) {
            st.execute("DROP TABLE job_user");
        }
    }

    private static void convert(Connection c, String jobId) throws SQLException {
        List<OldChunk> old = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT first_seq, last_seq, state, queued_at, done_by "
                + "FROM job_chunk WHERE job_id = ? ORDER BY first_seq")) {
            ps.setString(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String state = rs.getString(3);
                    old.add(new OldChunk(
                            rs.getInt(1),
                            rs.getInt(2),
                            state.equals("leased") ? "pending" : state,
                            rs.getObject(4, OffsetDateTime.class),
                            rs.getString(5)));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM job_chunk WHERE job_id = ?")) {
            ps.setString(1, jobId);
            ps.executeUpdate();
        }
        Writer writer = new Writer(c, jobId, old);
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, user_id, payload, outcome, http_status, attempts, "
                + "error, fingerprint FROM job_user WHERE job_id = ? ORDER BY seq")) {
            ps.setString(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    writer.add(
                            rs.getInt(1),
                            rs.getString(2),
                            rs.getString(3),
                            Outcome.fromWire(rs.getString(4)),
                            rs.getObject(5, Integer.class),
                            rs.getInt(6),
                            rs.getString(7),
                            rs.getString(8));
                }
            }
        }
        writer.flush();
    }

    /** Groups consecutive users into the new chunks, in seq order. */
    private static final class Writer {
        private final Connection c;
        private final String jobId;
        private final List<OldChunk> old;
        private final List<StoredUser> users = new ArrayList<>();
        private final List<Run> runs = new ArrayList<>();
        private OldChunk current;
        private int first = -1;
        private int last = -1;
        private int pending;
        private int chunkNo;
        private int next;

        Writer(Connection c, String jobId, List<OldChunk> old) {
            this.c = c;
            this.jobId = jobId;
            this.old = old;
        }

        void add(
                int seq,
                String userId,
                String payload,
                Outcome outcome,
                Integer status,
                int attempts,
                String error,
                String fingerprint)
                throws SQLException {
            while (next < old.size() && old.get(next).last() < seq) {
                next++; // old chunks are in seq order, and so are the users
            }
            OldChunk owner = next < old.size() && old.get(next).first() <= seq ? old.get(next) : null;
            if (!users.isEmpty()
                    && (owner != current || seq != last + 1 || (owner == null && users.size() == MAX_CHUNK))) {
                flush();
            }
            if (users.isEmpty()) {
                current = owner;
                first = seq;
            }
            last = seq;
            boolean delivered = outcome == Outcome.SYNCED || outcome == Outcome.FAILED || outcome == Outcome.CANCELLED;
            byte[] utf8 = payload == null ? null : payload.getBytes(StandardCharsets.UTF_8);
            users.add(new StoredUser(
                    userId, utf8, fingerprint, delivered ? Outcome.PENDING : outcome, delivered ? null : error));
            pending += outcome == Outcome.PENDING ? 1 : 0;
            if (delivered) {
                Run previous = runs.isEmpty() ? null : runs.getLast();
                if (previous != null
                        && previous.last() == seq - 1
                        && previous.outcome() == outcome
                        && Objects.equals(previous.httpStatus(), status)
                        && previous.attempts() == attempts
                        && Objects.equals(previous.error(), error)) {
                    runs.set(runs.size() - 1, new Run(previous.first(), seq, outcome, status, attempts, error));
                } else {
                    runs.add(new Run(seq, seq, outcome, status, attempts, error));
                }
            }
        }

        void flush() throws SQLException {
            if (users.isEmpty()) {
                return;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO job_chunk (job_id, chunk_no, first_seq, "
                    + "last_seq, queued_at, state, done_by, users, outcomes, pending) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, jobId);
                ps.setInt(2, chunkNo++);
                ps.setInt(3, first);
                ps.setInt(4, last);
                ps.setObject(5, current == null ? OffsetDateTime.now() : current.queuedAt());
                ps.setString(6, current == null ? "done" : current.state());
                ps.setString(7, current == null ? null : current.doneBy());
                ps.setBytes(8, ChunkCodec.users(users));
                ps.setBytes(9, runs.isEmpty() ? null : ChunkCodec.runs(runs));
                ps.setInt(10, pending);
                ps.executeUpdate();
            }
            users.clear();
            runs.clear();
            pending = 0;
        }
    }
}
