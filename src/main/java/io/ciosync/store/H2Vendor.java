package io.ciosync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/** H2, the embedded database of one process. */
final class H2Vendor extends Vendor {

    @Override
    public boolean embedded() {
        return true;
    }

    @Override
    String upsertFingerprint() {
        return "MERGE INTO person_fingerprint (scope, user_id, fingerprint, updated_at) KEY (scope, user_id) "
                + "VALUES (?, ?, ?, ?)";
    }

    /** One primary-key lookup per user: H2 scans the whole scope for an {@code IN} list. */
    @Override
    void fingerprints(Connection c, String scope, List<String> userIds, Set<String> found) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT user_id, fingerprint FROM person_fingerprint " + "WHERE scope = ? AND user_id = ?")) {
            ps.setString(1, scope);
            for (String userId : userIds) {
                ps.setString(2, userId);
                Fingerprints.collect(ps, found);
            }
        }
    }
}
