package io.ciosync.ops;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code prometheus} package: {@code /usr/bin/prometheus} and {@code /usr/bin/promtool}. Tests that need
 * them are skipped, saying why, when they are missing, unless {@code CIO_SYNC_REQUIRE_PROMETHEUS=true} (as in
 * .ci/run), which makes a missing binary a failure.
 */
public final class PrometheusBinaries {

    public static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    public static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    private PrometheusBinaries() {}

    /** Skips the test (or fails it, when required) unless both binaries are installed. */
    public static void require() {
        boolean present = Files.isExecutable(PROMETHEUS) && Files.isExecutable(PROMTOOL);
        if (!present && Boolean.parseBoolean(System.getenv("CIO_SYNC_REQUIRE_PROMETHEUS"))) {
            throw new AssertionError("prometheus/promtool are required (CIO_SYNC_REQUIRE_PROMETHEUS=true) but missing");
        }
        assumeTrue(
                present,
                "Prometheus tests skipped: install Debian's prometheus package (apt-get install "
                        + "prometheus) for /usr/bin/prometheus and /usr/bin/promtool");
    }

    /** What a promtool run printed (stdout and stderr) and its exit code. */
    public record Result(int exitCode, String output) {}

    /** Runs {@code promtool args...} in {@code dir}, {@code stdin} on its standard input (may be null). */
    public static Result promtool(Path dir, String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PROMTOOL.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        if (stdin != null) {
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("promtool " + args[0] + " did not finish within 120 s");
        }
        return new Result(process.exitValue(), out);
    }
}
