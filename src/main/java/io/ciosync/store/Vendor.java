package io.ciosync.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * What differs between the two databases cio-sync runs on, one subclass per vendor (as db-scheduler keeps one
 * customization class per vendor), so that no other class asks which one it is.
 */
public abstract sealed class Vendor permits PostgreSqlVendor, H2Vendor {

    static Vendor of(String productName) {
        return productName.toLowerCase().contains("postgres") ? new PostgreSqlVendor() : new H2Vendor();
    }

    /**
     * Whether the database is this process's own embedded file (H2): no other replica shares it, its disk space is
     * watched here, and what it held when the process stopped was this process's. Otherwise (PostgreSQL) replicas
     * share it.
     */
    public abstract boolean embedded();

    /** Appended to a claim's query: locks the rows it returns, passing over rows another transaction holds. */
    public String lockSkippingLocked() {
        return " FOR UPDATE SKIP LOCKED";
    }

    /** Inserts or replaces a {@code person_fingerprint} row: scope, user id, fingerprint, updated at. */
    abstract String upsertFingerprint();

    /** Adds to {@code found} the user id and fingerprint rows of these users in {@code scope}. */
    abstract void fingerprints(Connection c, String scope, List<String> userIds, Set<String> found) throws SQLException;
}
