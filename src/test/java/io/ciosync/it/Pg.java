package io.ciosync.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A private schema on the real PostgreSQL named by {@code CIO_SYNC_TEST_PG_URL}; tests that need it are skipped,
 * saying how to enable them, when the variable is not set. {@code .ci/run} sets it.
 */
final class Pg implements AutoCloseable {

    static final String ENV = "CIO_SYNC_TEST_PG_URL";

    private final String baseUrl;
    private final String schema =
            "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    private Pg(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    static Pg schema() throws SQLException {
        String url = System.getenv(ENV);
        assumeTrue(
                url != null && !url.isBlank(),
                "PostgreSQL tests skipped: set " + ENV
                        + "=jdbc:postgresql://127.0.0.1:5432/test (user postgres, trust auth) to run them");
        Pg pg = new Pg(url);
        pg.execute("CREATE SCHEMA " + pg.schema);
        return pg;
    }

    /** The JDBC URL the application instances use: the test database, this schema only. */
    String url() {
        return baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    long count(String sql) throws SQLException {
        try (Connection c = connect(url());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = connect(baseUrl);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, "postgres", "");
    }

    @Override
    public void close() throws SQLException {
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
}
