package io.ciosync.store;

/**
 * What the lease mechanism's SQL needs of each database vendor (db-scheduler keeps one such class per vendor). Both
 * vendors here lock rows for a claim without waiting for another claimant's ({@code SKIP LOCKED}); a vendor without
 * it would lock with {@code FOR UPDATE} alone and let claimants queue.
 */
enum LeaseDialect {

    POSTGRESQL(" FOR UPDATE SKIP LOCKED"),
    H2(" FOR UPDATE SKIP LOCKED");

    private final String lockSkippingLocked;

    LeaseDialect(String lockSkippingLocked) {
        this.lockSkippingLocked = lockSkippingLocked;
    }

    static LeaseDialect of(Database db) {
        return db.isPostgres() ? POSTGRESQL : H2;
    }

    /** Appended to a claim's query: locks the rows it returns, passing over rows another transaction holds. */
    String lockSkippingLocked() {
        return lockSkippingLocked;
    }
}
