package io.ciosync.store;

import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code Idempotency-Key} of {@code POST /syncs}: a key is claimed with the hash of its request body before the job
 * is created and bound to the job once it is accepted, so two requests with one key never create two jobs.
 */
@ApplicationScoped
public class IdempotencyKeys {

    /** What a key means for a new request. */
    public sealed interface Claim {
        /** The key is new: create the job, then {@link #bind} it (or {@link #release} the key on failure). */
        record Fresh() implements Claim {}

        /** The same key and body created this job before. */
        record Replay(String jobId) implements Claim {}

        /** The key was used with another body. */
        record Mismatch() implements Claim {}

        /** A request with this key and body is being ingested right now. */
        record InProgress() implements Claim {}
    }

    private static final String UNIQUE_VIOLATION = "23505";

    private final Database db;
    private final Clock clock;

    IdempotencyKeys(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public Claim claim(String tenant, String key, String bodyHash) {
        try {
            db.inTransaction(c -> Sql.update(
                    c,
                    "INSERT INTO idempotency_key (tenant, idem_key, body_hash, created_at) " + "VALUES (?, ?, ?, ?)",
                    tenant,
                    key,
                    bodyHash,
                    OffsetDateTime.now(clock)));
            return new Claim.Fresh();
        } catch (Database.StoreException e) {
            if (!(e.getCause() instanceof SQLException sql) || !UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                throw e;
            }
        }
        Used existing = find(tenant, key).orElseThrow(() -> new IllegalStateException("key vanished"));
        if (!existing.bodyHash().equals(bodyHash)) {
            return new Claim.Mismatch();
        }
        return existing.jobId() == null ? new Claim.InProgress() : new Claim.Replay(existing.jobId());
    }

    public void bind(String tenant, String key, String jobId) {
        db.inTransaction(c -> Sql.update(
                c, "UPDATE idempotency_key SET job_id = ? WHERE tenant = ? AND idem_key = ?", jobId, tenant, key));
    }

    public void release(String tenant, String key) {
        db.inTransaction(c -> Sql.update(
                c,
                "DELETE FROM idempotency_key WHERE tenant = ? AND idem_key = ? " + "AND job_id IS NULL",
                tenant,
                key));
    }

    /** A key in use: the hash of the body it came with, and its job once bound. */
    private record Used(String bodyHash, String jobId) {}

    private Optional<Used> find(String tenant, String key) {
        return db.read(c -> Sql.one(
                c,
                "SELECT body_hash, job_id FROM idempotency_key WHERE tenant = ? " + "AND idem_key = ?",
                rs -> new Used(rs.getString(1), rs.getString(2)),
                tenant,
                key));
    }
}
