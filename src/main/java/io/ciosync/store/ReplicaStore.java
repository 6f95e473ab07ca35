package io.ciosync.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;

import jakarta.enterprise.context.ApplicationScoped;

/** The {@code replica} table: which replicas are alive, so each can take its share of a shared budget. */
@ApplicationScoped
public class ReplicaStore {

    private final Database db;
    private final Clock clock;

    ReplicaStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Records that replica {@code id} is alive now, then forgets replicas not seen within {@code expiry} and returns
     * how many are alive (this one included). Two transactions: of two replicas that join at the same moment, the one
     * that counts last counts the other too (a count in the transaction of the insert would see neither's row), so
     * at least one of them waits as a joiner must.
     */
    public int beat(String id, Duration expiry) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE replica SET seen_at = ? WHERE id = ?")) {
                ps.setObject(1, now);
                ps.setString(2, id);
                if (ps.executeUpdate() == 0) {
                    try (PreparedStatement insert =
                            c.prepareStatement("INSERT INTO replica (id, started_at, seen_at) VALUES (?, ?, ?)")) {
                        insert.setString(1, id);
                        insert.setObject(2, now);
                        insert.setObject(3, now);
                        insert.executeUpdate();
                    }
                }
            }
            return null;
        });
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM replica WHERE seen_at < ?")) {
                ps.setObject(1, now.minus(expiry));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM replica");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    /** Removes replica {@code id} (it is shutting down): the others take its share at their next heartbeat. */
    public void leave(String id) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM replica WHERE id = ?")) {
                ps.setString(1, id);
                return ps.executeUpdate();
            }
        });
    }

    /** Forgets every replica: only right when none other can be alive (the embedded database after a restart). */
    public void forgetAll() {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM replica")) {
                return ps.executeUpdate();
            }
        });
    }
}
