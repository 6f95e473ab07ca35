package io.ciosync.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of the one-shot command as a user types it: the packaged jar's {@code sync}, or the
 * {@code bin/cio-sync-upsert} wrapper, in its own process; its exit code and both output streams.
 */
final class SyncCommand {

    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private final String name;
    private final Path logDir;
    private final Map<String, String> props = new LinkedHashMap<>();
    private final Map<String, String> env = new LinkedHashMap<>();

    SyncCommand(String name, Path logDir) {
        this.name = name;
        this.logDir = logDir;
    }

    SyncCommand prop(String key, String value) {
        props.put(key, value);
        return this;
    }

    SyncCommand env(String key, String value) {
        env.put(key, value);
        return this;
    }

    /** {@code java -D... -jar quarkus-run.jar sync args...} */
    Result jar(String... args) throws IOException, InterruptedException {
        return finish(start(args), Duration.ofMinutes(2));
    }

    /** The jar's {@code sync} on a pseudo-terminal ({@code script} of util-linux), as typed in an interactive shell. */
    Result onTerminal(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java()));
        props.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of(
                "-jar",
                Path.of(System.getProperty("cio-sync.app.jar", "target/quarkus-app/quarkus-run.jar"))
                        .toAbsolutePath()
                        .toString(),
                "sync"));
        command.addAll(List.of(args));
        String line = String.join(
                " ",
                command.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").toList());
        return run(List.of("script", "-qec", line, "/dev/null"), Map.of());
    }

    /** Whether {@link #onTerminal} can run here. */
    static boolean canAllocateTerminal() {
        return Files.isExecutable(Path.of("/usr/bin/script"));
    }

    /** {@code bin/cio-sync-upsert args...}, the JVM options in JAVA_OPTS and the test's JDK in JAVA_HOME. */
    Result wrapper(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(
                List.of(Path.of("bin/cio-sync-upsert").toAbsolutePath().toString()));
        command.addAll(List.of(args));
        List<String> options = new ArrayList<>(List.of("-Xmx256m"));
        props.forEach((k, v) -> options.add("-D" + k + "=" + v));
        return run(
                command,
                Map.of(
                        "JAVA_HOME",
                        System.getProperty("java.home"),
                        "JAVA_OPTS",
                        String.join(" ", options),
                        "CIO_SYNC_JAR",
                        Path.of(System.getProperty("cio-sync.app.jar", "target/quarkus-app/quarkus-run.jar"))
                                .toAbsolutePath()
                                .toString()));
    }

    /** Starts {@code java -jar quarkus-run.jar sync args...} without waiting: see {@link #finish}. */
    Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx256m"));
        props.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(
                List.of("-jar", System.getProperty("cio-sync.app.jar", "target/quarkus-app/quarkus-run.jar"), "sync"));
        command.addAll(List.of(args));
        return start(command, Map.of());
    }

    /** What a started command printed so far. */
    String out() throws IOException {
        return Files.readString(logDir.resolve(name + ".out"));
    }

    /** Waits for a started command to exit. */
    Result finish(Process process, Duration atMost) throws IOException, InterruptedException {
        if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(name + " did not exit within " + atMost + "; see " + logDir);
        }
        return new Result(process.exitValue(), out(), Files.readString(logDir.resolve(name + ".err")));
    }

    private Result run(List<String> command, Map<String, String> extraEnv) throws IOException, InterruptedException {
        return finish(start(command, extraEnv), Duration.ofMinutes(2));
    }

    private Process start(List<String> command, Map<String, String> extraEnv) throws IOException {
        Files.createDirectories(logDir);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(logDir.resolve(name + ".out").toFile())
                .redirectError(logDir.resolve(name + ".err").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(env);
        builder.environment().putAll(extraEnv);
        return builder.start();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
