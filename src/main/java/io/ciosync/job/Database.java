package io.ciosync.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;

import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.InjectableInstance;

/** The live datasource (H2 or PostgreSQL, whichever is active) and small transaction helpers. */
@ApplicationScoped
public class Database {

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final AgroalDataSource dataSource;
    private final boolean postgres;
    private final DatabaseOutage outage;

    Database(@Any InjectableInstance<AgroalDataSource> dataSources, DatabaseOutage outage) {
        this.dataSource = dataSources.getActive();
        this.outage = outage;
        try (Connection c = dataSource.getConnection()) {
            this.postgres = c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
        } catch (SQLException e) {
            throw new IllegalStateException("the database cannot be reached: " + e.getMessage(), e);
        }
    }

    public boolean isPostgres() {
        return postgres;
    }

    /** Runs work in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                outage.reachable();
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

    private StoreException failed(SQLException e) {
        if (outage.failed(e)) {
            dataSource.flush(AgroalDataSource.FlushMode.IDLE); // the idle connections are as dead as this one
        }
        return new StoreException(e);
    }

    /** The first column of every row a query returns, as strings (ids of jobs to act on, say). */
    public List<String> strings(String sql, Object... params) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setObject(i + 1, params[i]);
                }
                List<String> values = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        values.add(rs.getString(1));
                    }
                }
                return values;
            }
        });
    }

    /** A database failure: surfaces as 503 to API clients, never as a leaked SQL message. */
    public static class StoreException extends RuntimeException {
        StoreException(SQLException cause) {
            super("database error: " + cause.getMessage(), cause);
        }
    }
}
