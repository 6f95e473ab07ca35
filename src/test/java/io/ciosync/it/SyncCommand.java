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
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx256m"));
        props.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", System.getProperty("cio-sync.app.jar", "target/quarkus-app/quarkus-run.jar"),
                "sync"));
        command.addAll(List.of(args));
        return run(command, Map.of());
    }

    /** {@code bin/cio-sync-upsert args...}, the JVM options in JAVA_OPTS and the test's JDK in JAVA_HOME. */
    Result wrapper(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of("bin/cio-sync-upsert").toAbsolutePath().toString()));
        command.addAll(List.of(args));
        List<String> options = new ArrayList<>(List.of("-Xmx256m"));
        props.forEach((k, v) -> options.add("-D" + k + "=" + v));
        return run(command, Map.of("JAVA_HOME", System.getProperty("java.home"), "JAVA_OPTS", String.join(" ", options),
                "CIO_SYNC_JAR", Path.of(System.getProperty("cio-sync.app.jar", "target/quarkus-app/quarkus-run.jar"))
                        .toAbsolutePath().toString()));
    }

    private Result run(List<String> command, Map<String, String> extraEnv) throws IOException, InterruptedException {
        Files.createDirectories(logDir);
        Path out = logDir.resolve(name + ".out");
        Path err = logDir.resolve(name + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(env);
        builder.environment().putAll(extraEnv);
        Process process = builder.start();
        if (!process.waitFor(Duration.ofMinutes(2).toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(name + " did not exit within 2 minutes; see " + out);
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
