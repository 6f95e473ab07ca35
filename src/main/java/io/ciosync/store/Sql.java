package io.ciosync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one small JDBC helper of the storage layer (in the manner of db-scheduler's {@code JdbcRunner}): statements
 * with positional parameters, run on a connection of a {@link Database} transaction or read, and the one rule for
 * text stored from outside ({@link #text}).
 */
final class Sql {

    /** The width of the text columns that hold errors, reasons and URLs (VARCHAR(2000)). */
    public static final int MAX_CHARS = 2000;
    /** The width of {@code sync_job.error} and {@code sync_job.warnings} (VARCHAR(4000)). */
    public static final int MAX_JOB_CHARS = 2 * MAX_CHARS;

    /** Reads one row. */
    @FunctionalInterface
    public interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private Sql() {}

    /** Runs an INSERT, UPDATE or DELETE; returns how many rows it changed. */
    public static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params)) {
            return ps.executeUpdate();
        }
    }

    /** Every row a query returns. */
    public static <T> List<T> query(Connection c, String sql, Row<T> row, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params);
                ResultSet rs = ps.executeQuery()) {
            List<T> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(row.read(rs));
            }
            return rows;
        }
    }

    /** The first row a query returns, if any. */
    public static <T> Optional<T> one(Connection c, String sql, Row<T> row, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params);
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(row.read(rs)) : Optional.empty();
        }
    }

    /** A statement with its parameters set ({@code null} as SQL NULL); the caller closes it. */
    public static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        try {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    /** Text as stored in a column of {@link #MAX_CHARS}: see {@link #text(String, int)}. */
    public static String text(String s) {
        return text(s, MAX_CHARS);
    }

    /** Text as stored: at most {@code max} characters (cut with "…"), and no NUL (PostgreSQL refuses it). */
    public static String text(String s, int max) {
        String clean = s == null ? null : s.replace('\0', '\uFFFD');
        return clean == null || clean.length() <= max ? clean : clean.substring(0, max - 1) + "…";
    }
}
