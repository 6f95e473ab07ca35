package io.ciosync.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The payload Customer.io last accepted per user and scope ({@code person_fingerprint}): recorded only for users
 * that ended {@code synced}, in the transaction that records their outcome; compared batch by batch at ingestion when a
 * job asks to {@code skipUnchanged}.
 */
@ApplicationScoped
public class Fingerprints {

    private final Database db;

    Fingerprints(Database db) {
        this.db = db;
    }

    /** Sets the scope under which a job's synced users are remembered. */
    public void scope(String jobId, String scope) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE sync_job SET fingerprint_scope = ? WHERE id = ?")) {
                ps.setString(1, scope);
                ps.setString(2, jobId);
                return ps.executeUpdate();
            }
        });
    }

    /** Of these users, the ones whose payload Customer.io accepted last: {@link #key} of user id and fingerprint. */
    public Set<String> accepted(String scope, List<String> userIds) {
        return db.read(c -> {
            String marks = String.join(", ", Collections.nCopies(userIds.size(), "?"));
            try (PreparedStatement ps = c.prepareStatement("SELECT user_id, fingerprint FROM person_fingerprint "
                    + "WHERE scope = ? AND user_id IN (" + marks + ")")) {
                ps.setString(1, scope);
                for (int i = 0; i < userIds.size(); i++) {
                    ps.setString(i + 2, userIds.get(i));
                }
                Set<String> found = new HashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(key(rs.getString(1), rs.getString(2)));
                    }
                }
                return found;
            }
        });
    }

    public static String key(String userId, String fingerprint) {
        return userId + "\n" + fingerprint;
    }

    /** Records how many of an ingested job's users were found unchanged. */
    public void countUnchanged(String jobId, int unchanged) {
        if (unchanged == 0) {
            return;
        }
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE sync_job SET unchanged = ? WHERE id = ?")) {
                ps.setInt(1, unchanged);
                ps.setString(2, jobId);
                return ps.executeUpdate();
            }
        });
    }

    /** Remembers the payloads of a chunk's synced users (within the caller's transaction). */
    static void recordSynced(Connection c, String jobId, int firstSeq, int lastSeq, OffsetDateTime now)
            throws SQLException {
        String scope;
        try (PreparedStatement ps = c.prepareStatement("SELECT fingerprint_scope FROM sync_job WHERE id = ?")) {
            ps.setString(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                scope = rs.next() ? rs.getString(1) : null;
            }
        }
        if (scope == null) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("MERGE INTO person_fingerprint f USING (SELECT user_id, "
                + "fingerprint FROM job_user WHERE job_id = ? AND seq BETWEEN ? AND ? AND outcome = 'synced' "
                + "AND fingerprint IS NOT NULL) s ON (f.scope = ? AND f.user_id = s.user_id) "
                + "WHEN MATCHED THEN UPDATE SET fingerprint = s.fingerprint, updated_at = ? "
                + "WHEN NOT MATCHED THEN INSERT (scope, user_id, fingerprint, updated_at) "
                + "VALUES (?, s.user_id, s.fingerprint, ?)")) {
            ps.setString(1, jobId);
            ps.setInt(2, firstSeq);
            ps.setInt(3, lastSeq);
            ps.setString(4, scope);
            ps.setObject(5, now);
            ps.setString(6, scope);
            ps.setObject(7, now);
            ps.executeUpdate();
        }
    }
}
