package io.ciosync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one lease mechanism, for every {@link LeaseKind} (chunks, completion notices, schedule ticks): claim ready rows
 * ({@code SKIP LOCKED}: claimants never wait for each other), renew only the leases a worker of this replica holds
 * ({@link HeldLeases}), hand a lease back, and reclaim the expired ones (their holder died, lost its database, or gave
 * them up). Work is recorded only while its lease is still held ({@link #lockHeld}). The SQL is written here once.
 */
@ApplicationScoped
public class Leases {

    private final Database db;
    private final Clock clock;
    private final Vendor vendor;

    Leases(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.vendor = db.vendor();
    }

    /**
     * Claims up to {@code limit} ready rows for {@code owner} in the caller's transaction; the caller holds them
     * ({@link HeldLeases#hold}) only once that transaction was seen to commit.
     */
    public <K> List<K> claim(
            Connection c, LeaseKind<K> kind, String owner, Duration lease, int limit, Object... readyParams)
            throws SQLException {
        return claim(c, kind, owner, lease, limit, "", readyParams);
    }

    /** As {@link #claim}, of the ready rows that also meet {@code also} (SQL ANDed to the kind's, its parameters last). */
    public <K> List<K> claim(
            Connection c,
            LeaseKind<K> kind,
            String owner,
            Duration lease,
            int limit,
            String also,
            Object... readyParams)
            throws SQLException {
        List<K> claimed = new ArrayList<>(limit);
        try (PreparedStatement ps = c.prepareStatement("SELECT " + kind.columns() + " FROM " + kind.table()
                + " WHERE " + kind.ready() + also + " ORDER BY " + kind.order() + " LIMIT ?"
                + vendor.lockSkippingLocked())) {
            int i = 1;
            for (Object param : readyParams) {
                ps.setObject(i++, param);
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    claimed.add(kind.reader().read(rs));
                }
            }
        }
        if (!claimed.isEmpty()) {
            batch(
                    c,
                    kind,
                    "UPDATE " + kind.table() + " SET " + kind.owner() + " = ?, " + kind.until() + " = ?"
                            + (kind.leased().isEmpty() ? "" : ", " + kind.leased()) + " WHERE " + kind.key(),
                    claimed,
                    owner,
                    now().plus(lease));
        }
        return claimed;
    }

    /** Extends the leases of {@code held}, what {@code owner}'s workers hold now, and of nothing else. */
    public <K> void renew(LeaseKind<K> kind, String owner, List<K> held, Duration lease) {
        if (!held.isEmpty()) {
            db.inTransaction(c -> batch(
                    c,
                    kind,
                    "UPDATE " + kind.table() + " SET " + kind.until() + " = ? WHERE " + kind.owner() + " = ? AND "
                            + kind.key() + " AND " + kind.held(),
                    held,
                    now().plus(lease),
                    owner));
        }
    }

    /** Hands one lease back (its work is not done): ready to claim again at once. */
    public <K> void release(LeaseKind<K> kind, String owner, K key) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + kind.table() + " SET " + handBack(kind)
                    + " WHERE " + kind.key() + " AND " + kind.owner() + " = ? AND " + kind.held())) {
                kind.binder().bind(ps, 1, key);
                ps.setString(keyCount(kind) + 1, owner);
                return ps.executeUpdate();
            }
        });
    }

    /** Hands back every lease that expired (its holder died, lost its database, or gave it up). */
    public int reclaimExpired(LeaseKind<?> kind) {
        return handBackWhere(kind, " AND " + kind.until() + " < ?", now());
    }

    /** Hands back every lease: only when no other replica can be alive (a restart on the embedded database). */
    public int reclaimAll(LeaseKind<?> kind) {
        return handBackWhere(kind, "");
    }

    private int handBackWhere(LeaseKind<?> kind, String condition, Object... params) {
        return db.inTransaction(c -> Sql.update(
                c, "UPDATE " + kind.table() + " SET " + handBack(kind) + " WHERE " + kind.held() + condition, params));
    }

    /** Locks {@code key}'s row to record its work, if {@code owner} still holds its lease: its {@code columns}. */
    public <K, T> Optional<T> lockHeld(
            Connection c, LeaseKind<K> kind, String owner, K key, String columns, Sql.Row<T> row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + columns + " FROM " + kind.table() + " WHERE "
                + kind.key() + " AND " + kind.owner() + " = ? AND " + kind.held() + " FOR UPDATE")) {
            kind.binder().bind(ps, 1, key);
            ps.setString(keyCount(kind) + 1, owner);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row.read(rs)) : Optional.empty();
            }
        }
    }

    private static String handBack(LeaseKind<?> kind) {
        return kind.clear() + (kind.handBack().isEmpty() ? "" : ", " + kind.handBack());
    }

    private static int keyCount(LeaseKind<?> kind) {
        return (int) kind.key().chars().filter(ch -> ch == '?').count();
    }

    /** One statement per key: {@code first} and {@code second} bound before the key, the key's columns after. */
    private static <K> int[] batch(
            Connection c, LeaseKind<K> kind, String sql, List<K> keys, Object first, Object second)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (K key : keys) {
                ps.setObject(1, first);
                ps.setObject(2, second);
                kind.binder().bind(ps, 3, key);
                ps.addBatch();
            }
            return ps.executeBatch();
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
