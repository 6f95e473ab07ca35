package io.ciosync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/** PostgreSQL, shared by the replicas. */
final class PostgreSqlVendor extends Vendor {

    @Override
    public boolean embedded() {
        return false;
    }

    @Override
    String upsertFingerprint() {
        return "INSERT INTO person_fingerprint (scope, user_id, fingerprint, updated_at) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (scope, user_id) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, "
                + "updated_at = EXCLUDED.updated_at";
    }

    /** One {@code = ANY(array)} query. */
    @Override
    void fingerprints(Connection c, String scope, List<String> userIds, Set<String> found) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT user_id, fingerprint FROM person_fingerprint " + "WHERE scope = ? AND user_id = ANY(?)")) {
            ps.setString(1, scope);
            ps.setArray(2, c.createArrayOf("varchar", userIds.toArray()));
            Fingerprints.collect(ps, found);
        }
    }
}
