package io.ciosync.it;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL cluster of a test's own, under {@code target/}, that it may stop and start again: never the machine's
 * shared server on 5432. Run by {@code ../shared/pg/private-cluster.sh} (or {@value #SCRIPT_ENV}), which initdb's it
 * on first use as the {@code postgres} user. Skipped like every PostgreSQL test when {@value Pg#ENV} is not set.
 */
final class PrivatePg implements AutoCloseable {

    static final String SCRIPT_ENV = "CIO_SYNC_PG_CLUSTER_SCRIPT";

    private final Path script;
    private final Path dir;
    private final int port;
    private boolean running;

    private PrivatePg(Path script, Path dir, int port) {
        this.script = script;
        this.dir = dir;
        this.port = port;
    }

    /** Creates (or reuses) the cluster in {@code dir} and starts it on a free port. */
    static PrivatePg start(Path dir) throws IOException, InterruptedException {
        String pg = System.getenv(Pg.ENV);
        assumeTrue(pg != null && !pg.isBlank(), "PostgreSQL tests skipped: set " + Pg.ENV + " to run them");
        Path script = Path.of(System.getenv().getOrDefault(SCRIPT_ENV, "../shared/pg/private-cluster.sh"));
        assertTrue(
                Files.isExecutable(script),
                "the private-cluster script " + script.toAbsolutePath()
                        + " is missing: check out ../shared beside this project, or set " + SCRIPT_ENV);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        PrivatePg cluster = new PrivatePg(script, dir.toAbsolutePath(), port);
        cluster.start();
        return cluster;
    }

    /** Starts the stopped cluster again, on the same port (nothing to do when it runs). */
    void start() throws IOException, InterruptedException {
        if (!running) {
            run("start", String.valueOf(port));
            running = true;
        }
    }

    /** Stops the cluster (a fast shutdown: sessions are ended, new connections refused). */
    void stop() throws IOException, InterruptedException {
        running = false;
        run("stop");
    }

    /** A new, empty database on this cluster: its JDBC URL. */
    String createDatabase(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(url("postgres"), "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name);
        }
        return url(name);
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("destroy");
    }

    private void run(String command, String... args) throws IOException, InterruptedException {
        List<String> line =
                new java.util.ArrayList<>(List.of(script.toAbsolutePath().toString(), command, dir.toString()));
        line.addAll(List.of(args));
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("private-cluster.sh " + command + " failed: " + output);
        }
    }
}
