package io.ciosync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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

    /**
     * Of these users, the ones whose payload Customer.io accepted last: {@link #key} of user id and fingerprint. One
     * {@code = ANY(array)} query on PostgreSQL; on H2, which scans the scope for an {@code IN} list, one primary-key
     * lookup per user.
     */
    public Set<String> accepted(String scope, List<String> userIds) {
        return db.read(c -> {
            Set<String> found = new HashSet<>();
            db.vendor().fingerprints(c, scope, userIds, found);
            return found;
        });
    }

    static void collect(PreparedStatement ps, Set<String> found) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                found.add(key(rs.getString(1), rs.getString(2)));
            }
        }
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

    /**
     * Whether a job of this scope must record what it syncs: when it skips unchanged users, or when an earlier job of
     * the scope did (its fingerprints must not go stale). Scopes that never used {@code skipUnchanged} pay nothing.
     */
    public boolean recording(String scope, boolean skipsUnchanged) {
        return skipsUnchanged
                || db.read(c -> {
                    try (PreparedStatement ps = c.prepareStatement(
                            "SELECT 1 FROM person_fingerprint WHERE scope = ? " + "FETCH FIRST 1 ROWS ONLY")) {
                        ps.setString(1, scope);
                        try (ResultSet rs = ps.executeQuery()) {
                            return rs.next();
                        }
                    }
                });
    }

    /** Remembers the payloads of a chunk's synced users (within the caller's transaction), if its job records them. */
    static void recordSynced(
            Connection c, Vendor vendor, String jobId, List<Map.Entry<String, String>> users, OffsetDateTime now)
            throws SQLException {
        if (users.isEmpty()) {
            return;
        }
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
        try (PreparedStatement ps = c.prepareStatement(vendor.upsertFingerprint())) {
            for (Map.Entry<String, String> user : users) {
                ps.setString(1, scope);
                ps.setString(2, user.getKey());
                ps.setString(3, user.getValue());
                ps.setObject(4, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
