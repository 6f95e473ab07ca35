package io.ciosync.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.ciosync.CustomerIoStandIn;
import io.ciosync.CustomerIoStandIn.Fault;
import io.ciosync.ops.Dashboard;
import io.ciosync.ops.PrometheusBinaries;
import io.restassured.path.json.JsonPath;

/**
 * The metrics as Prometheus itself sees them: promtool finds no problem in any cio-sync metric, and a real
 * Prometheus scraping the packaged application reports a sync's numbers through its HTTP API. The Grafana
 * dashboard and the alert rules against it: while the application runs a job with failed users (and one whose key
 * Customer.io refuses), every panel's and every rule's PromQL runs through Prometheus' query API without error,
 * every panel of the Jobs, Users and Customer.io rows returns at least one series, Prometheus evaluates the rules
 * without error, and the dashboard names exactly metrics that the service exposes on /q/metrics. Skipped, saying
 * why, when the binaries are missing — unless {@code CIO_SYNC_REQUIRE_PROMETHEUS=true} (as in .ci/run).
 */
class PrometheusIT {

    private static final Path LOGS = Path.of("target/it-logs/prometheus");

    private static final Path RULES = Path.of("monitoring/cio-sync.rules.yaml");
    private static final List<String> ROWS_THAT_SHOW_THE_SYNC = List.of("Jobs", "Users", "Customer.io");
    private static final int USERS = 120;
    private static final int REJECTED = 5;
    private static final int REFUSED = 3;

    private CustomerIoStandIn customerIo;

    @BeforeEach
    void start() {
        PrometheusBinaries.require();
        customerIo = CustomerIoStandIn.start(0);
    }

    @AfterEach
    void stop() {
        if (customerIo != null) {
            customerIo.close();
        }
    }

    @Test
    void promtoolFindsNoProblemAndPrometheusSeesTheSync() throws Exception {
        try (App app = App.create("metrics", customerIo.baseUrl(), LOGS)
                .prop("cio-sync.data-dir", dataDir())
                .start()) {
            String id = ItJobs.submit(app, ItJobs.job("p", 250, 10));
            JsonPath job = ItJobs.awaitFinished(app, id, Duration.ofMinutes(1));
            assertThat(job.getInt("counts.synced")).isEqualTo(250);

            String exposition = given().accept("text/plain")
                    .get(app.managementUrl() + "/q/metrics")
                    .asString();
            List<String> problems = promtool(exposition);
            assertThat(problems)
                    .as("promtool check metrics, cio-sync metrics")
                    .filteredOn(l -> l.contains("ciosync"))
                    .isEmpty();
            assertThat(exposition)
                    .containsPattern("ciosync_users_total\\{outcome=\"synced\",reason=\"none\",?} 250\\.0");

            try (Prometheus prometheus = Prometheus.scraping(app, "{}", LOGS)) {
                Awaitility.await("Prometheus scraped the sync")
                        .atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(500))
                        .until(
                                () -> prometheus
                                        .query("ciosync_users_total{outcome=\"synced\"}")
                                        .getString("data.result[0].value[1]"),
                                "250"::equals);
                JsonPath jobs = prometheus.query("ciosync_jobs_finished_total");
                assertThat(jobs.getString("data.result[0].metric.status")).isEqualTo("succeeded");
                assertThat(jobs.getString("data.result[0].value[1]")).isEqualTo("1");
            }
        }
    }

    private static List<String> promtool(String exposition) throws IOException, InterruptedException {
        return PrometheusBinaries.promtool(Path.of("."), exposition, "check", "metrics")
                .output()
                .lines()
                .toList();
    }

    @Test
    void everyPanelAndRuleQueryRunsInPrometheusAndThePanelsShowASyncWithFailures() throws Exception {
        Dashboard dashboard = Dashboard.load();
        try (App app = App.create("dashboards", customerIo.baseUrl(), LOGS)
                        .prop("cio-sync.data-dir", dataDir())
                        .start();
                Prometheus prometheus = Prometheus.scraping(app, "{namespace: it, pod: cio-sync-0}", LOGS, RULES)) {
            prometheus.awaitScraped();
            runJobs(app);
            Awaitility.await("Prometheus scraped the failed users")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(
                            () -> prometheus
                                    .query("sum(ciosync_users_total{outcome=\"failed\"})")
                                    .getString("data.result[0].value[1]"),
                            String.valueOf(REJECTED + REFUSED)::equals);

            List<String> empty = new ArrayList<>();
            for (Dashboard.Query query : dashboard.queries()) {
                String promql = Dashboard.substitute(query.expr(), "it", ".*", "1m");
                JsonPath answer = prometheus.query(promql);
                assertThat(answer.getString("status"))
                        .as("%s / %s: %s -> %s", query.row(), query.panel(), promql, answer.prettify())
                        .isEqualTo("success");
                if (ROWS_THAT_SHOW_THE_SYNC.contains(query.row())
                        && answer.getList("data.result").isEmpty()) {
                    empty.add(query.row() + " / " + query.panel() + ": " + promql);
                }
            }
            assertThat(empty)
                    .as("panels of the Jobs, Users and Customer.io rows without any series")
                    .isEmpty();

            for (String expr : ruleExpressions()) {
                JsonPath answer = prometheus.query(expr);
                assertThat(answer.getString("status"))
                        .as("%s -> %s", expr, answer.prettify())
                        .isEqualTo("success");
            }
            assertRulesLoadedAndHealthy(prometheus);
            assertNamesAreExposed(
                    dashboard,
                    given().accept("text/plain")
                            .get(app.managementUrl() + "/q/metrics")
                            .asString());
        }
    }

    /** A job whose key Customer.io refuses (401), then one whose users are partly rejected, partly retried. */
    private void runJobs(App app) {
        Map<String, Object> refused = new LinkedHashMap<>(ItJobs.job("r", REFUSED, 1));
        Map<String, Object> refusedConfig = new LinkedHashMap<>(castMap(refused.get("config")));
        refusedConfig.put("api-key", "a-key-customer-io-does-not-know");
        refused.put("config", refusedConfig);
        assertThat(ItJobs.awaitFinished(app, ItJobs.submit(app, refused), Duration.ofMinutes(1))
                        .getString("status"))
                .isEqualTo("failed");

        Map<String, Object> job = new LinkedHashMap<>(ItJobs.job("u", USERS, 4));
        Map<String, Object> config = new LinkedHashMap<>(castMap(job.get("config")));
        config.put("api", "v1");
        job.put("config", config);
        for (int i = 0; i < REJECTED; i++) {
            customerIo.script("u" + (i * 20), Fault.status(400, "{\"meta\":{\"error\":\"bad attribute\"}}"));
        }
        customerIo.scriptNext(Fault.drop(), Fault.retryAfter(1), Fault.status(503));
        customerIo.latency(Duration.ofMillis(50)); // seconds of sending, scraped every second
        JsonPath done = ItJobs.awaitFinished(app, ItJobs.submit(app, job), Duration.ofMinutes(3));
        assertThat(done.getInt("counts.failed")).isEqualTo(REJECTED);
        assertThat(done.getInt("counts.synced")).isEqualTo(USERS - REJECTED);
    }

    private static void assertRulesLoadedAndHealthy(Prometheus prometheus) {
        Awaitility.await("the rules evaluated")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> given()
                        .get(prometheus.url() + "/api/v1/rules")
                        .jsonPath()
                        .getList("data.groups.rules.flatten().lastEvaluation")
                        .stream()
                        .noneMatch(t -> String.valueOf(t).startsWith("0001")));
        JsonPath rules = given().get(prometheus.url() + "/api/v1/rules").jsonPath();
        assertThat(rules.getList("data.groups.rules.flatten().name")).hasSize(6);
        assertThat(rules.getList("data.groups.rules.flatten().health"))
                .as(rules.prettify())
                .containsOnly("ok");
    }

    /** The dashboard's and the rules' metric names are exactly names on /q/metrics, but for the pending ones. */
    private static void assertNamesAreExposed(Dashboard dashboard, String exposition) throws Exception {
        Set<String> exposed = new TreeSet<>();
        exposition
                .lines()
                .filter(l -> !l.startsWith("#") && !l.isBlank())
                .forEach(l -> exposed.add(l.split("[{ ]", 2)[0]));
        Set<String> used = new TreeSet<>();
        dashboard.queries().forEach(q -> used.addAll(Dashboard.metricNames(q.expr())));
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(exposed);
        assertThat(missing).as("dashboard metrics not on /q/metrics").isEmpty();

        Set<String> inRules = new TreeSet<>();
        ruleExpressions().forEach(e -> inRules.addAll(Dashboard.metricNames(e)));
        inRules.remove("up"); // Prometheus' own, per scrape target
        inRules.removeAll(exposed);
        assertThat(inRules).as("alert metrics not on /q/metrics").isEmpty();
    }

    private static List<String> ruleExpressions() throws Exception {
        List<String> exprs = new ArrayList<>();
        JsonNode groups = new YAMLMapper().readTree(Files.readString(RULES)).path("groups");
        groups.forEach(
                g -> g.path("rules").forEach(r -> exprs.add(r.path("expr").asText())));
        return exprs;
    }

    /** A database of the test's own, not ./data, which a process killed by an earlier test may have left busy. */
    private static String dataDir() throws IOException {
        return Files.createTempDirectory("cio-sync-it-").toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object map) {
        return (Map<String, Object>) map;
    }
}
