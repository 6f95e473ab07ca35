package io.ciosync.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.quarkus.runtime.Quarkus;

/**
 * {@code java -jar quarkus-run.jar sync -c config.json -d data.json}: checks the arguments, then either submits to a
 * running service ({@code --server}) or starts Quarkus in command mode without its HTTP server, on an embedded
 * database in a temporary directory that is deleted at the end, and runs {@link LocalSync}.
 */
public final class Cli {

    public static final String COMMAND = "sync";

    private Cli() {}

    /** Runs the command; returns its exit code (see {@link ExitCodes}). */
    public static int run(String... args) {
        Terminal terminal = Terminal.system();
        CliArgs cli;
        try {
            cli = CliArgs.parse(List.of(args), System.getenv());
        } catch (CliArgs.UsageException e) {
            terminal.problems("cio-sync " + COMMAND + ": bad arguments", e.problems());
            terminal.err().print(CliArgs.usage());
            return ExitCodes.BAD_INPUT;
        }
        if (cli.help()) {
            terminal.out().print(CliArgs.usage());
            return ExitCodes.SYNCED;
        }
        try {
            return cli.server().isPresent() ? new RemoteSync(cli, terminal).run() : runLocal(cli, args, terminal);
        } catch (IOException | RuntimeException e) {
            terminal.err().println("cio-sync " + COMMAND + " failed: " + e);
            return ExitCodes.JOB_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.JOB_FAILED;
        }
    }

    private static int runLocal(CliArgs cli, String[] args, Terminal terminal) throws IOException {
        Path dir = Files.createTempDirectory("cio-sync-cli-");
        // on Ctrl-C the JVM halts once its shutdown hooks end: this one lets the temporary database be deleted first
        CountDownLatch deleted = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> awaitQuietly(deleted), "cio-sync-cli-cleanup"));
        try {
            localSettings(dir, cli.verbose()).forEach(System::setProperty);
            AtomicInteger exit = new AtomicInteger(ExitCodes.JOB_FAILED);
            Quarkus.run(
                    LocalSync.class,
                    (code, failure) -> {
                        exit.set(code);
                        if (failure != null) {
                            terminal.err().println("cio-sync " + COMMAND + " failed: " + failure);
                        }
                    },
                    args);
            return exit.get();
        } finally {
            deleteTree(dir);
            deleted.countDown();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * What makes the service a command: no HTTP server nor management interface listening, the embedded database
     * in {@code dir} whatever CIO_SYNC_DB_URL says, no schedules, only errors logged (to stderr) unless
     * {@code verbose}, small chunks (outcomes are recorded per chunk: the progress line moves every 50 users) on
     * more workers (so a parallelism of 200 stays busy), and a prompt stop on Ctrl-C (no wait for its last requests to
     * stop counting against a budget no other process shares). System properties outrank
     * the environment and application.properties.
     */
    static Map<String, String> localSettings(Path dir, boolean verbose) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("quarkus.http.host-enabled", "false");
        settings.put("quarkus.management.host-enabled", "false");
        settings.put("quarkus.banner.enabled", "false");
        settings.put("quarkus.shutdown.delay", "0s");
        settings.put("quarkus.log.console.stderr", "true");
        settings.put("quarkus.log.console.level", verbose ? "INFO" : "ERROR");
        settings.put("cio-sync.data-dir", dir.toString());
        settings.put("cio-sync.files-root", dir.resolve("files").toString());
        settings.put("cio-sync.db.url", "");
        settings.put("quarkus.datasource.h2.active", "true");
        settings.put("quarkus.datasource.postgresql.active", "false");
        settings.put("cio-sync.schedules.enabled", "false");
        settings.put("cio-sync.delivery.chunk-size", "50");
        settings.put("cio-sync.delivery.workers", "8");
        settings.put("cio-sync.delivery.shutdown-grace", "2s");
        settings.put("cio-sync.delivery.quiet-before-leaving", "0s"); // shares no budget: its database dies with it
        return settings;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
