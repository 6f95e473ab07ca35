package io.ciosync.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ciosync.CustomerIoStandIn;

/**
 * The shell examples of README.md and docs/*.md run as written, against the packaged service with the stand-in as
 * Customer.io, and answer the status their comment shows. The format, kept simple so merged docs can follow it:
 * <ul>
 *   <li>An example is a fenced {@code ```bash} (or {@code sh}/{@code shell}) block that mentions
 *       {@code localhost:8080}; other blocks (builds, docker) are not run. Blocks run in document order in one
 *       directory holding a copy of {@code examples/}, with {@code CIO_SYNC_TOKEN} set; {@code localhost:8080} is
 *       the service under test and its files root is {@code data/files} there.</li>
 *   <li>Each command in it (a line, continued by a trailing {@code \} or an open single quote) runs on its own.
 *       A command that calls the service needs a status comment: the first comment after it (on its line or the
 *       lines below) starting with a status, {@code # 200 …}, {@code # HTTP/1.1 202 Accepted}; another status
 *       named in its comment lines as {@code (409 if …)} (or {@code when}/{@code while}) is accepted too. Any
 *       other command must exit 0.</li>
 *   <li>{@code 0b6c…} stands for the id of the latest job an example created (from its {@code Location}),
 *       {@code 7f3e…} for the latest schedule.</li>
 *   <li>A block holding the line {@value #SKIP} (…reason) is not run (e.g. it needs a real Customer.io or another
 *       host); the number of such blocks is printed.</li>
 *   <li>README.md runs first, then docs/*.md in the order of their names: a document may use what an earlier one
 *       made (docs/schedules.md names the files docs/api.md copied into the tenant's directory).</li>
 * </ul>
 * Each document of {@link #WITH_EXAMPLES} must have examples that call the service, so that none is lost when the
 * text moves between the README and docs/.
 */
class ReadmeExamplesIT {

    static final String SKIP = "# example: not run";
    /** The documents that show calls to the service: the README's quick start, the API, schedules. */
    static final List<Path> WITH_EXAMPLES =
            List.of(Path.of("README.md"), Path.of("docs", "api.md"), Path.of("docs", "schedules.md"));

    private static final String SERVICE = "http://localhost:8080";
    private static final String STATUS_MARK = "CIO_SYNC_EXAMPLE_STATUS ";

    @TempDir
    Path dir;

    @Test
    void everyExampleAnswersTheStatusItsCommentShows() throws Exception {
        List<Path> docs = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> more = Files.list(Path.of("docs"))) {
            more.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        copy(Path.of("examples"), dir.resolve("examples"));
        List<String> failures = new ArrayList<>();
        int run = 0;
        int skipped = 0;
        Map<Path, Integer> callsByDoc = new LinkedHashMap<>();
        try (CustomerIoStandIn customerIo = CustomerIoStandIn.start(0);
                App app = App.create("readme", customerIo.baseUrl(), Path.of("target", "it-logs"))
                        .prop("cio-sync.data-dir", dir.resolve("data").toString())
                        .prop("cio-sync.files-root", dir.resolve("data/files").toString())
                        // the README's token is the one generated at start, whose tenant is "default"
                        .prop("cio-sync.api-tokens", "default:" + App.TOKEN)
                        .prop("quarkus.datasource.h2.jdbc.acquisition-timeout", "120s")
                        .start()) { // a busy machine
            Ids ids = new Ids();
            for (Path doc : docs) {
                for (ExampleBlocks.Block block : ExampleBlocks.of(doc)) {
                    if (!block.text().contains(SERVICE.substring("http://".length()))) {
                        continue;
                    }
                    if (block.text().contains(SKIP)) {
                        skipped++;
                        continue;
                    }
                    for (ExampleBlocks.Command command : ExampleBlocks.commands(block)) {
                        run++;
                        if (command.callsService()) {
                            callsByDoc.merge(doc, 1, Integer::sum);
                        }
                        String failure = run(app, command, ids);
                        if (failure != null) {
                            failures.add(doc + ":" + command.line() + ": " + failure + "\n    " + command.text());
                        }
                    }
                }
            }
        }
        System.out.println("[README examples] " + run + " commands run, " + skipped + " example blocks marked '" + SKIP
                + "' and skipped; calls to the service by document: " + callsByDoc);
        assertThat(callsByDoc.keySet())
                .as("documents whose examples call the service")
                .containsAll(WITH_EXAMPLES);
        assertThat(failures)
                .as("README/docs examples that do not answer as their comment shows")
                .isEmpty();
    }

    /** The latest job and schedule an example created, for the {@code 0b6c…} and {@code 7f3e…} placeholders. */
    private static final class Ids {
        String job = "no-job-created-yet";
        String schedule = "no-schedule-created-yet";
    }

    /** Runs one command; null when it answered as its comment says, else what went wrong. */
    private String run(App app, ExampleBlocks.Command command, Ids ids) throws IOException, InterruptedException {
        Path headers = dir.resolve("headers.txt");
        Files.deleteIfExists(headers);
        String script = "curl() { command curl -sS -D \"$EXAMPLE_HEADERS\" -w '%{stderr}" + STATUS_MARK
                + "%{http_code}\\n' \"$@\"; }\n"
                + command.text()
                        .replace(SERVICE, app.url())
                        .replace("0b6c…", ids.job)
                        .replace("7f3e…", ids.schedule);
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", script)
                .directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile());
        builder.environment().putAll(Map.of("CIO_SYNC_TOKEN", App.TOKEN, "EXAMPLE_HEADERS", headers.toString()));
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return "did not end within 60 s";
        }
        String stderr = Files.readString(dir.resolve("stderr.txt"));
        Integer status = stderr.lines()
                .filter(l -> l.startsWith(STATUS_MARK))
                .map(l -> Integer.valueOf(l.substring(STATUS_MARK.length()).trim()))
                .reduce((a, b) -> b)
                .orElse(null);
        if (!command.callsService()) {
            return process.exitValue() == 0 ? null : "exited " + process.exitValue() + ": " + stderr.strip();
        }
        if (Files.exists(headers)) {
            Files.readAllLines(headers, StandardCharsets.ISO_8859_1).stream()
                    .filter(l -> l.regionMatches(true, 0, "Location:", 0, 9))
                    .map(l -> l.substring(9).trim())
                    .forEach(location -> {
                        String[] parts =
                                location.replaceFirst("^https?://[^/]+", "").split("/");
                        if (parts.length == 3 && "syncs".equals(parts[1])) {
                            ids.job = parts[2];
                        } else if (parts.length == 3 && "schedules".equals(parts[1])) {
                            ids.schedule = parts[2];
                        }
                    });
        }
        if (command.statuses().isEmpty()) {
            return "calls the service but no comment shows the status it answers (got " + status + ")";
        }
        if (status == null || !command.statuses().contains(status)) {
            return "answered " + status + ", its comment shows " + command.statuses() + "; "
                    + (Files.readString(dir.resolve("stdout.txt")) + stderr)
                            .strip()
                            .lines()
                            .limit(5)
                            .toList();
        }
        return null;
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName().toString()));
            }
        }
    }
}
