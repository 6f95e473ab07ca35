package io.ciosync.it;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

import io.ciosync.ops.PrometheusBinaries;
import io.restassured.path.json.JsonPath;

/**
 * A real Prometheus (Debian's {@code /usr/bin/prometheus}) in its own process, scraping one {@link App} every
 * second as the job {@code cio-sync} and evaluating the given rules files every second; its log goes to
 * {@code logDir/prometheus.log}.
 */
final class Prometheus implements AutoCloseable {

    private final Process process;
    private final int port;

    private Prometheus(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts scraping {@code app}; {@code targetLabels} (YAML flow map, e.g. {@code {namespace: it}}) are added to
     * every series as Kubernetes service discovery would, and {@code ruleFiles} are loaded.
     */
    static Prometheus scraping(App app, String targetLabels, Path logDir, Path... ruleFiles) throws IOException {
        Path dir = Files.createTempDirectory("prometheus-");
        StringBuilder rules = new StringBuilder();
        for (Path file : ruleFiles) {
            rules.append("\n  - '").append(file.toAbsolutePath()).append('\'');
        }
        String target = app.managementUrl().substring("http://".length());
        Files.writeString(
                dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:%s
                scrape_configs:
                  - job_name: cio-sync
                    metrics_path: /q/metrics
                    static_configs:
                      - targets: ['%s']
                        labels: %s
                """.formatted(rules.isEmpty() ? " []" : rules, target, targetLabels));
        Files.createDirectories(logDir);
        int port = freePort();
        Process process = new ProcessBuilder(
                        PrometheusBinaries.PROMETHEUS.toString(),
                        "--config.file=" + dir.resolve("prometheus.yml"),
                        "--storage.tsdb.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(logDir.resolve("prometheus.log").toFile())
                .start();
        Prometheus prometheus = new Prometheus(process, port);
        Awaitility.await("Prometheus ready")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    try {
                        return given().get(prometheus.url() + "/-/ready").statusCode() == 200;
                    } catch (Exception e) {
                        return false;
                    }
                });
        return prometheus;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** An instant query through {@code /api/v1/query}: the whole answer, whatever its status. */
    JsonPath query(String promql) {
        return given().queryParam("query", promql).get(url() + "/api/v1/query").jsonPath();
    }

    /** Waits until the scrape of the application has succeeded. */
    void awaitScraped() {
        Awaitility.await("Prometheus scraped cio-sync")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> query("up{job=\"cio-sync\"}").getString("data.result[0].value[1]"), "1"::equals);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
