package io.ciosync.notify;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ciosync.CustomerIoStandIn;
import io.ciosync.CustomerIoStandInResource;
import io.ciosync.InjectCustomerIo;
import io.ciosync.Jobs;
import io.ciosync.Metrics;
import io.ciosync.NoticeReceiver;
import io.ciosync.NoticeReceiver.Received;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * A job with {@code "notify": {"url": ...}} POSTs its summary to a real receiver once it has ended, whatever its final
 * status; failed POSTs are tried again with backoff up to {@code cio-sync.notify.max-attempts} (3 in tests).
 */
@QuarkusTest
@WithTestResource(CustomerIoStandInResource.class)
class NotifyDeliveryTest {

    private static final String SECRET = "notify-test-api-key-0123456789";
    private static final int MAX_ATTEMPTS = 3; // %test.cio-sync.notify.max-attempts
    private static NoticeReceiver receiver;

    @InjectCustomerIo
    CustomerIoStandIn customerIo;

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @BeforeAll
    static void startReceiver() {
        receiver = NoticeReceiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @BeforeEach
    void reset() {
        customerIo.reset();
    }

    @Test
    void aSucceededJobPostsItsSummaryOnceWithTheJobHeaderAndNoSecret() {
        customerIo.acceptCredentials("notify-site", SECRET);
        Map<String, Object> config = config("/hooks/succeeded?team=a");
        config.put("site-id", "notify-site");
        config.put("api-key", SECRET);

        String id = Jobs.submit(Map.of("config", config, "data", Jobs.users("ns", 3)));
        JsonPath job = awaitNotice(id, "sent");

        List<Received> posts = receiver.notices(id);
        assertThat(posts).hasSize(1);
        Received post = posts.get(0);
        assertThat(post.method()).isEqualTo("POST");
        assertThat(post.pathAndQuery()).isEqualTo("/hooks/succeeded?team=a");
        assertThat(post.header("Content-Type")).startsWith("application/json");
        assertThat(post.header("User-Agent")).isEqualTo("cio-sync");
        assertThat(post.header("X-Cio-Sync-Job")).isEqualTo(id);
        JsonPath body = JsonPath.from(post.body());
        assertThat(body.getString("id")).isEqualTo(id);
        assertThat(body.getString("status")).isEqualTo("succeeded").isEqualTo(job.getString("status"));
        assertThat(body.getMap("counts")).isEqualTo(job.getMap("counts")).containsEntry("synced", 3);
        for (String field : List.of("createdAt", "startedAt", "finishedAt", "error", "links.self", "links.users")) {
            assertThat(body.getString(field)).as(field).isEqualTo(job.getString(field));
        }
        assertThat(body.getMap("$")).doesNotContainKeys("users", "usersNext", "config", "notify", "retryOf");
        assertThat(post.body()).doesNotContain(SECRET).doesNotContain("api-key").doesNotContain("****");
        assertThat(job.getMap("notify"))
                .isEqualTo(Map.of("url", receiver.url("/hooks/succeeded?team=a"), "state", "sent", "attempts", 1));
        assertThat(job.getString("config.notify.url")).isEqualTo(receiver.url("/hooks/succeeded?team=a"));
    }

    @Test
    void aNoticeAnswered503TwiceIsSentOnTheThirdAndLastPost() {
        receiver.answer("/hooks/flaky", 503, 503);
        Metrics before = Metrics.scrape(metrics);

        String id = Jobs.submit(Map.of("config", config("/hooks/flaky"), "data", Jobs.users("nf", 2)));
        JsonPath job = awaitNotice(id, "sent");

        assertThat(receiver.notices(id)).hasSize(3);
        assertThat(job.getInt("notify.attempts")).isEqualTo(3);
        assertThat(job.getString("notify.error")).isNull();
        Metrics after = Metrics.scrape(metrics);
        assertThat(delta(before, after, "retry")).isEqualTo(2);
        assertThat(delta(before, after, "sent")).isEqualTo(1);
        assertThat(delta(before, after, "gave_up")).isZero();
    }

    @Test
    void aReceiverThatAlwaysFailsGetsMaxAttemptsPostsThenTheNoticeIsGivenUp() {
        receiver.answerAlways("/hooks/broken", 500);
        Metrics before = Metrics.scrape(metrics);

        String id = Jobs.submit(Map.of("config", config("/hooks/broken"), "data", Jobs.users("nb", 2)));
        JsonPath job = awaitNotice(id, "gave_up");

        assertThat(receiver.notices(id)).hasSize(MAX_ATTEMPTS);
        assertThat(job.getInt("notify.attempts")).isEqualTo(MAX_ATTEMPTS);
        assertThat(job.getString("notify.error")).isEqualTo("HTTP 500");
        Metrics after = Metrics.scrape(metrics);
        assertThat(delta(before, after, "retry")).isEqualTo(MAX_ATTEMPTS - 1);
        assertThat(delta(before, after, "gave_up")).isEqualTo(1);
        assertThat(delta(before, after, "sent")).isZero();
    }

    @Test
    void aJobThatFailsOnRefusedCredentialsNotifiesWithItsError() {
        Map<String, Object> config = config("/hooks/failed");
        config.put("api", "v1");
        config.put("api-key", "wrong-key"); // the stand-in answers 401

        String id = Jobs.submit(Map.of("config", config, "data", Jobs.users("nx", 50)));
        JsonPath job = awaitNotice(id, "sent");

        JsonPath body = JsonPath.from(receiver.notices(id).get(0).body());
        assertThat(body.getString("status")).isEqualTo("failed").isEqualTo(job.getString("status"));
        assertThat(body.getString("error")).contains("401").isEqualTo(job.getString("error"));
        assertThat(body.getMap("counts")).isEqualTo(job.getMap("counts"));
        assertThat(receiver.notices(id)).hasSize(1);
    }

    @Test
    void aCancelledJobNotifiesOnceItsChunksInFlightHaveRecordedTheirUsers() {
        customerIo.latency(Duration.ofMillis(50));
        Map<String, Object> config = config("/hooks/cancelled");
        config.put("api", "v1");
        config.put("parallelism", 2);
        String id = Jobs.submit(Map.of("config", config, "data", Jobs.users("nc", 400)));
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> customerIo.requestCount() >= 4);

        given().post("/syncs/" + id + "/cancel").then().statusCode(200).body("status", equalTo("cancelled"));
        JsonPath job = awaitNotice(id, "sent");

        JsonPath body = JsonPath.from(receiver.notices(id).get(0).body());
        assertThat(body.getString("status")).isEqualTo("cancelled");
        assertThat(body.getMap("counts")).isEqualTo(job.getMap("counts")).containsEntry("pending", 0);
        assertThat(body.getInt("counts.synced") + body.getInt("counts.cancelled"))
                .isEqualTo(400);
        assertThat(body.getInt("counts.synced")).isEqualTo(customerIo.requestCount());
        assertThat(receiver.notices(id)).hasSize(1);
    }

    @Test
    void aDryRunNotifiesAtOnceWithNothingPending() {
        Map<String, Object> config = config("/hooks/dry-run");
        config.put("dryRun", true);

        String id = Jobs.submit(Map.of("config", config, "data", Jobs.users("nd", 4)));
        JsonPath job = awaitNotice(id, "sent");

        JsonPath body = JsonPath.from(receiver.notices(id).get(0).body());
        assertThat(body.getString("status")).isEqualTo("succeeded");
        assertThat(body.getMap("counts")).isEqualTo(job.getMap("counts")).containsEntry("pending", 0);
        assertThat(customerIo.requestCount()).isZero();
    }

    @Test
    void aJobWithoutNotifyShowsNoNotice() {
        JsonPath job = Jobs.awaitFinished(Jobs.submit(Map.of("config", Jobs.config(2), "data", Jobs.users("nn", 1))));

        assertThat(job.getMap("$")).doesNotContainKey("notify");
    }

    /** {@link Jobs#config} with {@code "notify": {"url": <the receiver>/<pathAndQuery>}}. */
    private static Map<String, Object> config(String pathAndQuery) {
        Map<String, Object> config = Jobs.config(5);
        config.put("notify", Map.of("url", receiver.url(pathAndQuery)));
        return config;
    }

    /** Polls {@code GET /syncs/{id}} until its notice reaches {@code state}; returns that document. */
    private static JsonPath awaitNotice(String id, String state) {
        return await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> given().get("/syncs/" + id)
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath(),
                        doc -> state.equals(doc.getString("notify.state")));
    }

    private static double delta(Metrics before, Metrics after, String result) {
        String labels = "result=\"" + result + "\"";
        return after.value("ciosync_notifications_total", labels) - before.value("ciosync_notifications_total", labels);
    }
}
