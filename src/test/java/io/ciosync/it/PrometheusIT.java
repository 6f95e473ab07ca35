package io.ciosync.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ciosync.CustomerIoStandIn;
import io.restassured.path.json.JsonPath;

/**
 * The metrics as Prometheus itself sees them: promtool finds no problem in any cio-sync metric, and a real
 * Prometheus scraping the packaged application reports a sync's numbers through its HTTP API. Skipped, saying
 * why, when the binaries are missing — unless {@code CIO_SYNC_REQUIRE_PROMETHEUS=true} (as in .ci/run).
 */
class PrometheusIT {

    private static final Path LOGS = Path.of("target/it-logs/prometheus");

    private CustomerIoStandIn customerIo;
    private Process prometheus;

    @BeforeEach
    void start() {
        boolean present = Files.isExecutable(Path.of("/usr/bin/prometheus")) && Files.isExecutable(Path.of(
                "/usr/bin/promtool"));
        if (!present && Boolean.parseBoolean(System.getenv("CIO_SYNC_REQUIRE_PROMETHEUS"))) {
            throw new AssertionError("prometheus/promtool are required (CIO_SYNC_REQUIRE_PROMETHEUS=true) but missing");
        }
        assumeTrue(present, "Prometheus tests skipped: install Debian's prometheus package (apt-get install "
                + "prometheus) for /usr/bin/prometheus and /usr/bin/promtool");
        customerIo = CustomerIoStandIn.start(0);
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            prometheus.waitFor(10, TimeUnit.SECONDS);
        }
        if (customerIo != null) {
            customerIo.close();
        }
    }

    @Test
    void promtoolFindsNoProblemAndPrometheusSeesTheSync() throws Exception {
        try (App app = App.create("metrics", customerIo.baseUrl(), LOGS).start()) {
            String id = ItJobs.submit(app, ItJobs.job("p", 250, 10));
            JsonPath job = ItJobs.awaitFinished(app, id, Duration.ofMinutes(1));
            assertThat(job.getInt("counts.synced")).isEqualTo(250);

            String exposition = given().accept("text/plain").get(app.managementUrl() + "/q/metrics").asString();
            List<String> problems = promtool(exposition);
            assertThat(problems).as("promtool check metrics, cio-sync metrics").filteredOn(l -> l.contains("ciosync"))
                    .isEmpty();
            assertThat(exposition)
                    .containsPattern("ciosync_users_total\\{outcome=\"synced\",reason=\"none\",?} 250\\.0");

            int port = freePort();
            startPrometheus(app, port);
            String query = "http://127.0.0.1:" + port + "/api/v1/query";
            Awaitility.await("Prometheus scraped the sync").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> given().queryParam("query", "ciosync_users_total{outcome=\"synced\"}").get(query)
                            .jsonPath().getString("data.result[0].value[1]"), "250"::equals);
            JsonPath jobs = given().queryParam("query", "ciosync_jobs_finished_total").get(query).jsonPath();
            assertThat(jobs.getString("data.result[0].metric.status")).isEqualTo("succeeded");
            assertThat(jobs.getString("data.result[0].value[1]")).isEqualTo("1");
        }
    }

    private static List<String> promtool(String exposition) throws IOException, InterruptedException {
        Process check = new ProcessBuilder("/usr/bin/promtool", "check", "metrics").redirectErrorStream(true).start();
        check.getOutputStream().write(exposition.getBytes(StandardCharsets.UTF_8));
        check.getOutputStream().close();
        String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        check.waitFor(30, TimeUnit.SECONDS);
        return out.lines().toList();
    }

    private void startPrometheus(App app, int port) throws IOException {
        Path dir = Files.createTempDirectory("prometheus-");
        String target = app.managementUrl().substring("http://".length());
        Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: cio-sync
                    metrics_path: /q/metrics
                    static_configs:
                      - targets: ['%s']
                """.formatted(target));
        Files.createDirectories(LOGS);
        prometheus = new ProcessBuilder("/usr/bin/prometheus", "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(LOGS.resolve("prometheus.log").toFile()).start();
        Awaitility.await("Prometheus ready").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    try {
                        return given().get("http://127.0.0.1:" + port + "/-/ready").statusCode() == 200;
                    } catch (Exception e) {
                        return false;
                    }
                });
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
