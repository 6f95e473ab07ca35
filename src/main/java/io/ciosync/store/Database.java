package io.ciosync.store;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;

import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.InjectableInstance;
import io.quarkus.logging.Log;

/**
 * The live datasource (H2 or PostgreSQL, whichever is active) and small transaction helpers. Remembers the last
 * failure for readiness ({@link #failure()}), and when H2 has closed the embedded database after a failed write
 * (a full disk), drops the pooled connections, so that the next one opens the database again.
 */
@ApplicationScoped
public class Database {

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** A failure keeps readiness DOWN at least this long, so that a read-only commit between failures hides none. */
    static final Duration FAILURE_HOLD = Duration.ofSeconds(15);

    static final int DEADLOCK_TRIES = 3;
    /** H2's DATABASE_IS_CLOSED (org.h2.api.ErrorCode), what every use of a database H2 closed itself answers. */
    private static final int H2_CLOSED = 90098;

    /** The last failure of the database and when it happened; readiness reports it. */
    public record Failure(String reason, Instant at) {}

    private final AgroalDataSource dataSource;
    private final Vendor vendor;
    private final DatabaseOutage outage;
    private volatile Failure failure;
    private volatile Instant committed = Instant.EPOCH;

    Database(@Any InjectableInstance<AgroalDataSource> dataSources, DatabaseOutage outage) {
        this.dataSource = dataSources.getActive();
        this.outage = outage;
        try (Connection c = dataSource.getConnection()) {
            this.vendor = Vendor.of(c.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new IllegalStateException("the database cannot be reached: " + e.getMessage(), e);
        }
    }

    /** What differs between H2 and PostgreSQL. */
    public Vendor vendor() {
        return vendor;
    }

    /**
     * Runs work in one transaction, and runs it again (up to {@value #DEADLOCK_TRIES} times in all) when the database
     * rolled it back to break a deadlock (SQLSTATE 40001 or 40P01). Only for work that does nothing but SQL: two
     * workers recording chunks of one job that fails, say, lock the same rows in another order.
     */
    public <T> T inTransactionRetryingDeadlocks(Work<T> work) {
        for (int tries = 1; ; tries++) {
            try {
                return inTransaction(work);
            } catch (StoreException e) {
                if (tries >= DEADLOCK_TRIES
                        || !(e.getCause() instanceof SQLException s)
                        || !"40001".equals(s.getSQLState()) && !"40P01".equals(s.getSQLState())) {
                    throw e;
                }
            }
        }
    }

    /** Runs work in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                outage.reachable();
                committed();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** A connection for work that spans many transactions (ingestion); the caller closes it. */
    Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /** Runs read-only work on a connection in auto-commit mode. */
    public <T> T read(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            T result = work.run(c);
            outage.reachable();
            return result;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /**
     * Records a failure for readiness and, when H2 closed the embedded database, drops the pool's connections (idle
     * ones now, those in use when returned): the next connection opens the database again.
     */
    StoreException failed(SQLException e) {
        boolean started = outage.failed(e); // out of reach: logged once, as an outage (DatabaseOutage)
        if (!databaseFault(e)) {
            return new StoreException(e); // a refused statement (a constraint, say): the database itself works
        }
        boolean closed = vendor.embedded() && closedByH2(e);
        String reason = (closed
                        ? "the embedded database was closed by H2 after a failed write, and is reopened: "
                        : "the database failed: ")
                + deepestMessage(e);
        boolean first = failure == null || failure.at().isBefore(committed);
        failure = new Failure(reason, Instant.now());
        if (closed) {
            if (first) {
                Log.warn(reason);
            }
            dataSource.flush(AgroalDataSource.FlushMode.GRACEFUL);
        } else if (started) {
            dataSource.flush(AgroalDataSource.FlushMode.IDLE); // the idle connections are as dead as this one
        }
        return new StoreException(e);
    }

    /** Commits work again: a failure recorded before it is over once it is older than {@link #FAILURE_HOLD}. */
    void committed() {
        Instant now = Instant.now();
        Failure last = failure;
        if (last != null && last.at().isAfter(committed) && vendor.embedded()) {
            Log.infof("the embedded database commits again (last failure: %s)", last.reason());
        }
        committed = now;
    }

    /** The last failure, while it lasts: no transaction committed since, or less than FAILURE_HOLD ago. */
    public Optional<Failure> failure() {
        Failure last = failure;
        boolean over = last == null
                || last.at().isBefore(committed) && last.at().plus(FAILURE_HOLD).isBefore(Instant.now());
        return over ? Optional.empty() : Optional.of(last);
    }

    /** Whether a failure was caused by a full disk (an I/O error saying so, anywhere in its causes). */
    public static boolean noSpace(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException
                    && t.getMessage() != null
                    && t.getMessage().contains("No space left")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a failure is the database's rather than the statement's: I/O, a lost or refused connection (SQLSTATE
     * class 08), no resources (53: a full disk), an operator or system intervention (57, 58), or H2 closed.
     */
    private static boolean databaseFault(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException
                    || t instanceof java.sql.SQLRecoverableException
                    || t instanceof java.sql.SQLNonTransientConnectionException
                    || t instanceof java.sql.SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException s
                    && s.getSQLState() != null
                    && s.getSQLState().length() >= 2
                    && List.of("08", "53", "57", "58").contains(s.getSQLState().substring(0, 2))) {
                return true;
            }
        }
        return closedByH2(e);
    }

    /** H2 closes a database whose file it failed to write: such failures, and every use of it afterwards. */
    private static boolean closedByH2(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException
                    || t instanceof SQLException s && s.getErrorCode() == H2_CLOSED
                    || t.getClass().getName().equals("org.h2.mvstore.MVStoreException")) {
                return true;
            }
        }
        return false;
    }

    /** The first line of the innermost message in the causes (the I/O error under H2's, say). */
    private static String deepestMessage(Throwable e) {
        String message = null;
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            message = t.getMessage() == null ? message : t.getMessage();
        }
        return message == null ? "(no message)" : message.lines().findFirst().orElse("");
    }

    /** The first column of every row a query returns, as strings (ids of jobs to act on, say). */
    public List<String> strings(String sql, Object... params) {
        return read(c -> Sql.query(c, sql, rs -> rs.getString(1), params));
    }

    /** A database failure: surfaces as 503 to API clients, never as a leaked SQL message. */
    public static class StoreException extends RuntimeException {
        StoreException(SQLException cause) {
            super("database error: " + cause.getMessage(), cause);
        }
    }
}
