package io.ciosync.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.ciosync.CustomerIoStandIn;
import io.ciosync.Jobs;
import io.ciosync.StandInGate;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Customer.io unreachable, for real: a gate in front of the stand-in resets every connection while the packaged
 * application delivers. The workspace pauses instead of failing users, probes one request at a time,
 * resumes where it was, fails the pending users only after {@code max-outage}, and never holds the workers other
 * workspaces need. Production backoff (250 ms doubling to 15 s, 11 attempts: about 76 s) for v2 batches; only the
 * breaker's timings are shorter than in production (a probe every 2 s).
 */
class CustomerIoOutageIT {

    private static final java.nio.file.Path LOGS = java.nio.file.Path.of("target/it-logs/outage");
    private static final String OTHER_TOKEN = "it-other-token-0123456789";
    private static final Duration PROBE_EVERY = Duration.ofSeconds(2);
    private static final int MIN_REQUESTS = 5;
    private static final String RETRY_KEY = "quarkus.fault-tolerance.\"io.ciosync.customerio.CustomerIo\".";
    private static final Pattern SINCE = Pattern.compile("unreachable since (\\S+),");

    private CustomerIoStandIn us;
    private StandInGate usGate;
    private CustomerIoStandIn eu;

    @BeforeEach
    void start() {
        us = CustomerIoStandIn.start(0, "us");
        usGate = StandInGate.before(us);
        eu = CustomerIoStandIn.start(0, "eu");
        eu.latency(Duration.ofMillis(20));
    }

    @AfterEach
    void stop() {
        usGate.close();
        us.close();
        eu.close();
    }

    /** An instance with a database of its own, not yet started (so that closing it stops it however it ends). */
    private App app(String name) throws java.io.IOException {
        return App.create(name, usGate.baseUrl(), LOGS)
                .prop(
                        "cio-sync.data-dir",
                        java.nio.file.Files.createTempDirectory("cio-sync-outage-")
                                .toString())
                .prop("cio-sync.customerio.eu-url", eu.baseUrl())
                .prop("cio-sync.api-tokens", "it:" + App.TOKEN + ",other:" + OTHER_TOKEN)
                .prop("cio-sync.customerio.probe-every", PROBE_EVERY.toSeconds() + "s")
                .prop("cio-sync.customerio.outage-min-requests", String.valueOf(MIN_REQUESTS))
                .prop("cio-sync.delivery.batch-chunk-size", "100") // 1,000 users: 10 chunks, one batch each
                // production backoff, not App's fast retries: one policy serves v1 and v2 (CustomerIo)
                .prop(RETRY_KEY + "retry.delay", "250")
                .prop(RETRY_KEY + "exponential-backoff.max-delay", "15000");
    }

    /**
     * Also: beside the paused workspace, another tenant's job on another workspace runs to its end, each user sent once,
     * while the paused job holds its users; the time it took, against the same job before the outage, is printed (a
     * figure, not an assertion: the suite asserts no timing).
     */
    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void anOutageLongerThanTheRetryBudgetPausesTheWorkspaceFailsNoUserAndHoldsNoOtherWorkspace() throws Exception {
        try (App app = app("outage-long")) {
            app.start();
            timed(app, "w"); // warm-up: the first job of a fresh process is slower
            Duration alone = timed(app, "a");
            usGate.refuse();
            long outageStart = System.nanoTime();
            String id = ItJobs.submit(app, ItJobs.job("o", 1000, 2));

            JsonPath paused = ItJobs.await(app, id, Duration.ofSeconds(60), CustomerIoOutageIT::paused);
            Duration beside = timed(app, "b");
            System.out.printf(
                    "other workspace's job: %s alone, %s beside a paused workspace (%.2fx)%n",
                    alone, beside, (double) beside.toNanos() / alone.toNanos());
            assertThat(eu.requestCount())
                    .as("the three jobs' users, each sent once")
                    .isEqualTo(3 * 1000);
            assertThat(paused.getString("waiting.reason"))
                    .contains("unreachable")
                    .contains("paused");
            assertThat(Instant.parse(paused.getString("waiting.since"))).isBefore(Instant.now());
            assertThat(metric(app, "ciosync_customerio_paused")).isEqualTo(1.0);
            assertThat(metric(app, "ciosync_customerio_outages_total")).isEqualTo(1.0);
            // longer than the retry budget of every request: still no user failed, the job still waits
            Awaitility.await()
                    .atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        JsonPath doc = ItJobs.status(app, id);
                        assertThat(doc.getString("status")).isEqualTo("running");
                        assertThat(doc.getInt("counts.failed") + doc.getInt("counts.synced"))
                                .isZero();
                        assertThat(doc.getString("waiting.since")).isEqualTo(paused.getString("waiting.since"));
                        return System.nanoTime() - outageStart
                                > Duration.ofSeconds(95).toNanos();
                    });
            List<Long> refused = usGate.refusedConnections();
            Duration outage = Duration.ofNanos(System.nanoTime() - outageStart);
            usGate.accept();

            JsonPath job = ItJobs.awaitFinished(app, id, Duration.ofSeconds(60));
            System.out.printf(
                    "outage of %s: %d requests refused (%d while paused)%n",
                    outage, refused.size(), refused.size() - MIN_REQUESTS - 1);
            assertThat(job.getString("status")).isEqualTo("succeeded");
            assertThat(job.getInt("counts.synced")).isEqualTo(1000);
            assertThat(job.getInt("counts.failed") + job.getInt("counts.pending"))
                    .isZero();
            assertThat((Object) job.get("waiting")).isNull();
            assertThat(us.peopleCount()).isEqualTo(1000);
            assertThat(us.requestCount())
                    .as("each chunk's one batch, sent once the outage ended")
                    .isEqualTo(10);
            // before the pause: at most the requests that paused it and the one other in flight; then one probe
            // every 2 s, never two closer together
            long probesAtMost = outage.toMillis() / PROBE_EVERY.toMillis() + 1;
            assertThat(refused.size()).isBetween(MIN_REQUESTS + 3, MIN_REQUESTS + 1 + (int) probesAtMost);
            for (int i = MIN_REQUESTS + 2; i < refused.size(); i++) {
                assertThat(Duration.ofNanos(refused.get(i) - refused.get(i - 1)))
                        .as("gap before refused request %d", i)
                        .isGreaterThanOrEqualTo(PROBE_EVERY.minusMillis(100));
            }
            assertThat(metric(app, "ciosync_customerio_paused")).isZero();
            assertThat(metric(app, "ciosync_customerio_outages_total")).isEqualTo(1.0);
            assertThat(app.logText())
                    .contains("Customer.io is unreachable for workspace site@us")
                    .contains("Customer.io is reachable again for workspace site@us");
            assertThat(app.logText().lines())
                    .as("the outage is told by those two lines, not by an error per refused connection")
                    .noneMatch(l -> l.contains(" ERROR "));
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT) // beside the long outage, which mostly waits: the suite is shorter
    void anOutageLongerThanMaxOutageFailsThePendingUsersSayingSinceWhen() throws Exception {
        usGate.refuse();
        try (App app = app("outage-max").prop("cio-sync.customerio.max-outage", "10s")) {
            app.start();
            String id = ItJobs.submit(app, ItJobs.job("m", 300, 2));
            String since = ItJobs.await(app, id, Duration.ofSeconds(60), CustomerIoOutageIT::paused)
                    .getString("waiting.since");

            JsonPath job = ItJobs.awaitFinished(app, id, Duration.ofSeconds(90));

            assertThat(job.getString("status")).isEqualTo("completed_with_errors");
            assertThat(job.getInt("counts.failed")).isEqualTo(300);
            List<Map<String, Object>> users = given().baseUri(app.url())
                    .auth()
                    .oauth2(App.TOKEN)
                    .queryParam("limit", 1000)
                    .get("/syncs/" + id + "/users")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("items");
            assertThat(users).hasSize(300).allSatisfy(u -> {
                assertThat(u).containsEntry("outcome", "failed");
                Matcher m = SINCE.matcher((String) u.get("error"));
                assertThat(m.find()).as((String) u.get("error")).isTrue();
                assertThat(Instant.parse(m.group(1)).toEpochMilli())
                        .isEqualTo(Instant.parse(since).toEpochMilli());
                assertThat((String) u.get("error")).contains("cio-sync.customerio.max-outage (PT10S)");
            });
            assertThat(us.requestCount() + us.peopleCount()).isZero();
            assertThat(metric(app, "ciosync_customerio_paused"))
                    .as("nothing waits any more: not counted as paused (its alert says jobs wait)")
                    .isZero();

            // Customer.io is back; the next job's requests are not failed for the old outage beside its probe
            usGate.accept();
            JsonPath next =
                    ItJobs.awaitFinished(app, ItJobs.submit(app, ItJobs.job("n", 300, 8)), Duration.ofSeconds(60));
            assertThat(next.getString("status")).isEqualTo("succeeded");
            assertThat(next.getInt("counts.synced")).isEqualTo(300);
            assertThat(us.peopleCount()).isEqualTo(300);
            assertThat(metric(app, "ciosync_customerio_paused")).isZero();
        }
    }

    /** Whether the job waits because its workspace's delivery is paused (not merely because of retries). */
    private static boolean paused(JsonPath job) {
        return job.getString("waiting.reason") != null
                && job.getString("waiting.reason").contains("unreachable");
    }

    /** Another tenant's v1 job of 1,000 users on the EU workspace, from its submission to its end. */
    private Duration timed(App app, String prefix) {
        Map<String, Object> body = ItJobs.job(prefix, 1000, 10);
        @SuppressWarnings("unchecked")
        Map<String, Object> config = new java.util.LinkedHashMap<>((Map<String, Object>) body.get("config"));
        config.put("region", "eu");
        config.put("api", "v1");
        long start = System.nanoTime();
        String id = given().baseUri(app.url())
                .auth()
                .oauth2(OTHER_TOKEN)
                .contentType(ContentType.JSON)
                .body(Map.of("config", config, "data", body.get("data")))
                .post("/syncs")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        JsonPath job = Awaitility.await()
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> given().baseUri(app.url())
                                .auth()
                                .oauth2(OTHER_TOKEN)
                                .get("/syncs/" + id)
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath(),
                        doc -> Jobs.FINISHED.contains(doc.getString("status")));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(job.getString("status")).isEqualTo("succeeded");
        assertThat(job.getInt("counts.synced")).isEqualTo(1000);
        return took;
    }

    private static double metric(App app, String name) {
        String text = given().baseUri(app.managementUrl())
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        return text.lines()
                .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
