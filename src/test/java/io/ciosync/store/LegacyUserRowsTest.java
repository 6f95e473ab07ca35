package io.ciosync.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ciosync.store.ChunkCodec.RunCursor;
import io.ciosync.store.ChunkCodec.StoredUser;

/**
 * Flyway V8 on a database written by the earlier schema (one {@code job_user} row per user): every user keeps its
 * outcome, status, attempts, error, id and payload, and the chunk still to send stays queued with its pending users.
 */
class LegacyUserRowsTest {

    @TempDir
    Path dir;

    @Test
    void perUserRowsBecomeChunksWithEveryOutcomeKept() throws SQLException {
        String url = "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath();
        Flyway.configure().dataSource(url, "sa", "").target("6").load().migrate();
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            exec(
                    c,
                    "INSERT INTO sync_job (id, tenant, status, config, api_key_enc, created_at, total) "
                            + "VALUES ('j1', 't', 'running', '{}', 'x', ?, 7)",
                    OffsetDateTime.now());
            Object[][] users = {
                {0, "u0", "{\"a\":0}", "synced", 200, 1, null},
                {1, "u1", "{\"a\":1}", "synced", 200, 1, null},
                {2, "u2", "{\"a\":2}", "failed", 400, 1, "bad"},
                {3, "u3", null, "skipped", null, 0, "no id"},
                {4, "u4", "{\"a\":4}", "pending", null, 0, null},
                {5, "u5", "{\"a\":5}", "pending", null, 0, null},
                {6, "u6", "{\"a\":6}", "unchanged", null, 0, null}
            };
            for (Object[] u : users) {
                exec(
                        c,
                        "INSERT INTO job_user (job_id, seq, user_id, payload, outcome, http_status, attempts, error) "
                                + "VALUES ('j1', ?, ?, ?, ?, ?, ?, ?)",
                        u);
            }
            exec(
                    c,
                    "INSERT INTO job_chunk (job_id, chunk_no, first_seq, last_seq, queued_at, state, done_by) "
                            + "VALUES ('j1', 0, 0, 2, ?, 'done', 'r1')",
                    OffsetDateTime.now());
            exec(
                    c,
                    "INSERT INTO job_chunk (job_id, chunk_no, first_seq, last_seq, queued_at, state, lease_owner) "
                            + "VALUES ('j1', 2, 4, 5, ?, 'leased', 'r2')",
                    OffsetDateTime.now());
        }

        Flyway.configure().dataSource(url, "sa", "").load().migrate();

        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            assertFalse(c.getMetaData().getTables(null, null, "JOB_USER", null).next(), "job_user is dropped");
            List<String> seen = new ArrayList<>();
            List<String> chunks = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                            "SELECT k.first_seq, k.last_seq, k.state, k.pending, u.users, " + "k.outcomes FROM "
                                    + ChunkCodec.CHUNK_WITH_USERS + " WHERE k.job_id = 'j1' ORDER BY k.chunk_no");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    chunks.add(rs.getInt(1) + "-" + rs.getInt(2) + " " + rs.getString(3) + " pending " + rs.getInt(4));
                    List<StoredUser> stored = ChunkCodec.users(rs.getBytes(5));
                    RunCursor runs = new RunCursor(ChunkCodec.runs(rs.getBytes(6)));
                    for (int i = 0; i < stored.size(); i++) {
                        UserOutcome o = UserOutcomes.outcome(rs.getInt(1) + i, stored.get(i), runs, false);
                        seen.add(o.seq() + " " + o.userId() + " " + o.outcome().wire() + " " + o.httpStatus() + " "
                                + o.attempts() + " " + o.error() + " "
                                + (stored.get(i).payload() == null
                                        ? null
                                        : new String(stored.get(i).payload(), StandardCharsets.UTF_8)));
                    }
                }
            }
            assertEquals(
                    List.of("0-2 done pending 0", "3-3 done pending 0", "4-5 pending pending 2", "6-6 done pending 0"),
                    chunks);
            assertEquals(
                    List.of(
                            "0 u0 synced 200 1 null {\"a\":0}",
                            "1 u1 synced 200 1 null {\"a\":1}",
                            "2 u2 failed 400 1 bad {\"a\":2}",
                            "3 u3 skipped null 0 no id null",
                            "4 u4 pending null 0 null {\"a\":4}",
                            "5 u5 pending null 0 null {\"a\":5}",
                            "6 u6 unchanged null 0 null {\"a\":6}"),
                    seen);
        }
    }

    private static void exec(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        }
    }
}
