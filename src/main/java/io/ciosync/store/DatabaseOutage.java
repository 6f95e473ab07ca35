package io.ciosync.store;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;

/**
 * The database out of reach, as the log tells it: one WARN when an operation first fails for want of a connection,
 * one line a minute while that lasts, and one INFO when an operation succeeds again. {@link Database} reports every
 * failure and success here; the loops that poll the database (claims, lease renewals, notices, schedule ticks,
 * housekeeping, metrics) run each pass through {@link #pass}, which stays silent on such a failure, so an outage is
 * not a stack trace per task per second. An outage ends at a success {@link #SETTLE} after the last failure, not
 * sooner: as a server stops, the connections it has not closed yet still answer for a moment.
 */
@ApplicationScoped
public class DatabaseOutage {

    static final Duration REMIND_EVERY = Duration.ofMinutes(1);
    static final Duration SETTLE = Duration.ofSeconds(1);

    private final LongSupplier clock;
    private volatile Instant since;
    private long startedAt;
    private long remindedAt;
    private long lastFailureAt;
    private long failures;

    DatabaseOutage() {
        this(System::nanoTime);
    }

    /** {@code clock}: {@link System#nanoTime()}, or a test's. */
    DatabaseOutage(LongSupplier clock) {
        this.clock = clock;
    }

    /** Whether {@code e} is the database out of reach: no connection could be had, or the one in use was lost. */
    public static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                String state = s.getSQLState() == null ? "" : s.getSQLState();
                String message = s.getMessage() == null ? "" : s.getMessage();
                // 08: connection exception; 57P: the server shutting down or starting; Agroal: no connection in time
                if (state.startsWith("08") || state.startsWith("57P") || message.contains("acquisition timeout")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Runs one pass of a polling loop. The database out of reach is logged here as the outage it is; any other
     * failure is logged with its stack trace. Either way the loop's next pass retries.
     */
    public static void pass(String loop, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            if (closed(e)) {
                Log.debugf("%s: the pool is closed (the service is stopping)", loop);
            } else if (!unreachable(e)) {
                Log.errorf(e, "%s failed; the next pass retries", loop);
            }
        }
    }

    /** Whether {@code e} is Agroal's refusal once the pool was closed: a pass that ran on while the service stops. */
    private static boolean closed(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException
                    && t.getMessage() != null
                    && t.getMessage().contains("pool is closed")) {
                return true;
            }
        }
        return false;
    }

    /**
     * An operation failed: starts the outage (one WARN), or counts it and reminds once a minute.
     *
     * @return whether this failure started an outage
     */
    boolean failed(SQLException e) {
        if (!unreachable(e)) {
            return false;
        }
        synchronized (this) {
            failures++;
            long now = clock.getAsLong();
            lastFailureAt = now;
            if (since == null) {
                since = Instant.now();
                startedAt = now;
                remindedAt = now;
                failures = 1;
                Log.warnf(
                        "the database is out of reach (%s); work waits and is retried until it is back "
                                + "(one line a minute until then)",
                        e.getMessage());
                return true;
            } else if (now - remindedAt >= REMIND_EVERY.toNanos()) {
                remindedAt = now;
                Log.warnf(
                        "the database is still out of reach, since %s (%d failed operations; last: %s)",
                        since, failures, e.getMessage());
            }
            return false;
        }
    }

    /**
     * An operation succeeded: ends the outage, if there was one and no operation failed for {@link #SETTLE} (one INFO).
     *
     * @return whether this success ended an outage
     */
    boolean reachable() {
        if (since == null) {
            return false; // the hot path: one volatile read
        }
        synchronized (this) {
            if (since == null) {
                return false;
            }
            long now = clock.getAsLong();
            if (now - lastFailureAt < SETTLE.toNanos()) {
                return false;
            }
            Log.infof(
                    "the database is reachable again after %s out of reach (%d failed operations)",
                    Duration.ofNanos(now - startedAt).withNanos(0), failures);
            since = null;
            return true;
        }
    }
}
