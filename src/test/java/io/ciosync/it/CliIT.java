package io.ciosync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;

import io.ciosync.CustomerIoStandIn;
import io.ciosync.CustomerIoStandIn.Fault;

/**
 * The one-shot command run as a process, as the old script's users run it: the original example files against the
 * Customer.io stand-in, and the exit code of each way a sync can end.
 */
class CliIT {

    private static final Path LOGS = Path.of("target/it-logs/cli");
    private static final Path EXAMPLES = Path.of("examples");

    private static CustomerIoStandIn customerIo;

    @TempDir
    Path dir;

    @BeforeAll
    static void startStandIn() {
        customerIo = CustomerIoStandIn.start(0);
    }

    @AfterAll
    static void stopStandIn() {
        if (customerIo != null) {
            customerIo.close();
        }
    }

    @BeforeEach
    void reset() {
        customerIo.reset();
    }

    private SyncCommand command(String name) {
        return new SyncCommand(name, LOGS)
                .prop("cio-sync.customerio.us-url", customerIo.baseUrl())
                .prop("java.io.tmpdir", dir.toString());
    }

    @Test
    void theOriginalExampleFilesSyncThroughTheWrapperWithExitCode0AndNoPortOpened() throws Exception {
        Path config = Files.copy(EXAMPLES.resolve("config.json"), dir.resolve("config.json"));
        Path data = Files.copy(EXAMPLES.resolve("data.json"), dir.resolve("data.json"));
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // the service's ports are both taken: the command must not try to listen on either
            String port = String.valueOf(taken.getLocalPort());
            SyncCommand.Result run = command("original")
                    .prop("quarkus.http.port", port)
                    .prop("quarkus.management.port", port)
                    .wrapper("-c", config.toString(), "-d", data.toString());

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).contains("succeeded", "2 users, 2 synced, 0 failed, 0 skipped");
        }
        assertThat(customerIo.person("123")).contains(Map.of("name", "John Doe"));
        assertThat(customerIo.person("456")).contains(Map.of("name", "Jane Smith"));
        assertThat(customerIo.peopleCount()).isEqualTo(2);
        assertThat(customerIo.specViolations()).isEmpty();
        assertThat(dir.resolve("data.failed.csv")).doesNotExist();
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .as("the temporary database is deleted")
                    .noneMatch(n -> n.startsWith("cio-sync-cli-"));
        }
    }

    @Test
    void onATerminalTheProgressLineIsRedrawnInPlace() throws Exception {
        assumeTrue(SyncCommand.canAllocateTerminal(), "needs util-linux 'script' to run the command on a terminal");
        Path config = Files.copy(EXAMPLES.resolve("config.json"), dir.resolve("config.json"));
        Path data = Files.copy(EXAMPLES.resolve("data.json"), dir.resolve("data.json"));

        SyncCommand.Result run = command("terminal").onTerminal("-c", config.toString(), "-d", data.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .contains("\r[####################] 2/2 users (100%)", "\033[K")
                .contains("2 users, 2 synced, 0 failed, 0 skipped");
    }

    @Test
    void someUsersFailingOrSkippedExitWith2AndAreListedWithTheirReasons() throws Exception {
        // one identify per user ("api": "v1"), so the stand-in can refuse the one user 456
        Path config = Files.writeString(
                dir.resolve("config.json"),
                Files.readString(EXAMPLES.resolve("config.json")).replaceFirst("\\{", "{\"api\": \"v1\", "));
        Path data = Files.writeString(dir.resolve("users.json"), """
                [{"user_id_field_name": "123", "name": "John Doe"},
                 {"user_id_field_name": "456", "name": "Jane Smith"},
                 {"name": "No Id"}]
                """);
        customerIo.script("456", Fault.status(400, "{\"meta\":{\"error\":\"stand-in: attribute rejected\"}}"));
        Path report = dir.resolve("out/failed.csv");
        Files.createDirectories(report.getParent());

        SyncCommand.Result run =
                command("partial").jar("-c", config.toString(), "-d", data.toString(), "--report", report.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.out())
                .as("piped: plain lines, nothing redrawn")
                .doesNotContain("\r", "\033[")
                .contains("completed_with_errors", "3 users, 1 synced, 1 failed, 1 skipped")
                .containsPattern("456 +failed \\(HTTP 400\\) +.*attribute rejected")
                .contains("(no id)  skipped")
                .contains("all 2 are listed in " + report);
        assertThat(Files.readAllLines(report))
                .hasSize(3)
                .first()
                .isEqualTo("user_id,outcome,http_status,attempts,error");
        assertThat(Files.readString(report)).contains("456,failed,400,1,").contains(",skipped,,0,");
        assertThat(customerIo.person("123")).contains(Map.of("name", "John Doe"));
    }

    @Test
    void aRefusedApiKeyFailsTheJobWithExitCode1() throws Exception {
        Path config = Files.writeString(
                dir.resolve("config.json"),
                Files.readString(EXAMPLES.resolve("config.json")).replace("your_api_key", "revoked_key"));
        Path data = Files.copy(EXAMPLES.resolve("data.json"), dir.resolve("data.json"));

        SyncCommand.Result run = command("unauthorized").jar("-c", config.toString(), "-d", data.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("failed in");
        assertThat(run.err()).contains("HTTP 401").doesNotContain("revoked_key");
        assertThat(customerIo.peopleCount()).isZero();
    }

    @Test
    void aBadConfigExitsWith64ListingEveryProblemAndSendsNothing() throws Exception {
        Path config = Files.writeString(dir.resolve("config.json"), """
                {"site-id": "your_site_id", "api-key": "your_api_key", "parallelism": 0, "mappings": []}
                """);
        Path data = Files.copy(EXAMPLES.resolve("data.json"), dir.resolve("data.json"));

        SyncCommand.Result run = command("bad-config").jar("-c", config.toString(), "-d", data.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(64);
        assertThat(run.err())
                .contains(
                        "3 problems",
                        "config.parallelism: must be greater than or equal to 1",
                        "config.mappings: must not be empty",
                        "config.userId: must not be blank");
        assertThat(customerIo.requestCount()).isZero();
    }

    @Test
    void badArgumentsExitWith64AndTheUsage() throws Exception {
        SyncCommand.Result run =
                command("bad-args").jar("-c", dir.resolve("missing.json").toString(), "--bogus");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(64);
        assertThat(run.err())
                .contains(
                        "unknown argument '--bogus'",
                        "-c/--config",
                        "no such readable file",
                        "-d/--data is required",
                        "usage: cio-sync-upsert");
    }

    @Test
    void stoppedMidwayTheCommandExitsPromptlyAndLeavesNoDatabaseBehind() throws Exception {
        Path config = Files.copy(EXAMPLES.resolve("config.json"), dir.resolve("config.json"));
        Path data = Files.copy(EXAMPLES.resolve("data.json"), dir.resolve("data.json"));
        customerIo.latency(Duration.ofSeconds(30));
        SyncCommand command = command("interrupted");

        Process process = command.start("-c", config.toString(), "-d", data.toString());
        await().atMost(Duration.ofSeconds(60)).until(() -> command.out().contains("running"));
        process.destroy(); // SIGTERM, as Ctrl-C or a cron timeout stops it
        SyncCommand.Result run = command.finish(process, Duration.ofSeconds(15));

        assertThat(run.exitCode()).as(run.toString()).isNotZero();
        assertThat(run.err())
                .contains("interrupted before job")
                .doesNotContain("Exception")
                .doesNotContain("could not be delivered"); // the interrupted workers hand their chunks back first
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("cio-sync-cli-"));
        }
    }

    @Test
    void withServerTheFilesGoToARunningServiceAndTheJobIsFollowedWithTheSameExitCodes() throws Exception {
        Path config = Files.copy(EXAMPLES.resolve("config.json"), dir.resolve("config.json"));
        Path data = Files.writeString(dir.resolve("data.json"), """
                [{"user_id_field_name": "123", "name": "John Doe"}, {"user_id_field_name": "", "name": "Blank"}]
                """);
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"site-id\": 1}");
        try (App service = App.create("cli-service", customerIo.baseUrl(), LOGS)
                .prop("cio-sync.data-dir", dir.resolve("service").toString())
                .start()) {
            SyncCommand.Result partial = command("server-partial")
                    .env("CIO_SYNC_TOKEN", App.TOKEN)
                    .jar("-c", config.toString(), "-d", data.toString(), "--server", service.url());
            SyncCommand.Result refused = command("server-bad-config")
                    .jar("-c", bad.toString(), "-d", data.toString(), "--server", service.url(), "--token", App.TOKEN);

            assertThat(partial.exitCode()).as(partial.toString()).isEqualTo(2);
            assertThat(partial.out()).contains("2 users, 1 synced, 0 failed, 1 skipped");
            assertThat(Files.readString(dir.resolve("data.failed.csv"))).contains(",skipped,");
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(64);
            assertThat(refused.err()).contains("HTTP 400", "config.site-id: must be a string");
        }
        assertThat(customerIo.person("123")).contains(Map.of("name", "John Doe"));
    }

    @Test
    void aJobAskingForACompletionNoticeIsNotLeftBeforeTheNoticeIsSent() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hooks", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(received.size() == 1 ? 503 : 204, -1); // the first attempt fails
            exchange.close();
        });
        receiver.start();
        try {
            ObjectMapper json = new ObjectMapper();
            ObjectNode config =
                    (ObjectNode) json.readTree(EXAMPLES.resolve("config.json").toFile());
            config.putObject("notify")
                    .put("url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks/cli");
            Path configFile = dir.resolve("config.json");
            json.writeValue(configFile.toFile(), config);
            Path data = Files.copy(EXAMPLES.resolve("data.json"), dir.resolve("data.json"));

            SyncCommand.Result run = command("notice")
                    .prop("cio-sync.notify.allowed-urls", "http://127.0.0.1:")
                    .jar("-c", configFile.toString(), "-d", data.toString());

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.err())
                    .doesNotContain("/hooks/cli")
                    .contains(
                            "sending the completion notice to http://127.0.0.1:",
                            "completion notice not delivered yet (HTTP 503); trying again",
                            "completion notice sent");
            assertThat(received)
                    .hasSize(2)
                    .allSatisfy(body -> assertThat(
                                    json.readTree(body).path("status").asText())
                            .isEqualTo("succeeded"));
        } finally {
            receiver.stop(0);
        }
    }

    static {
        try {
            Files.createDirectories(LOGS);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
