package io.ciosync.delivery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ciosync.CustomerIoStandIn;
import io.ciosync.CustomerIoStandInResource;
import io.ciosync.InjectCustomerIo;
import io.ciosync.Jobs;
import io.ciosync.LogCapture;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * A request being retried is visible while it is: its users, still pending, show their attempts so far and the last
 * error; the job says it is waiting on retries; one log line says so at the request's first retry.
 */
@QuarkusTest
@WithTestResource(CustomerIoStandInResource.class)
class RetryVisibilityTest {

    @InjectCustomerIo
    CustomerIoStandIn customerIo;

    @BeforeEach
    void reset() {
        customerIo.reset();
    }

    @Test
    void aBatchBeingRetriedShowsItsAttemptsAndLastErrorWhilePendingAndIsLoggedOnce() {
        customerIo.latency(Duration.ofMillis(250)); // 11 attempts would take about 4 s
        customerIo.answerAll(503, "{\"meta\":{\"error\":\"maintenance window\"}}");
        try (LogCapture log = LogCapture.of("io.ciosync.delivery")) {
            String id = Jobs.submit(Map.of("config", Jobs.config(1), "data", Jobs.users("u", 10)));

            JsonPath retrying = await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .until(
                            () -> given().get("/syncs/" + id)
                                    .then()
                                    .statusCode(200)
                                    .extract()
                                    .jsonPath(),
                            doc -> doc.getInt("users[9].attempts") >= 2 && doc.get("waiting") != null);
            customerIo.reset(); // Customer.io answers again: the next retry succeeds

            assertThat(retrying.getString("status")).isEqualTo("running");
            assertThat(retrying.getList("users.outcome")).hasSize(10).containsOnly("pending");
            assertThat(retrying.getList("users.error", String.class))
                    .allSatisfy(error -> assertThat(error).isEqualTo("HTTP 503: maintenance window"));
            assertThat(retrying.getInt("counts.pending")).isEqualTo(10);
            assertThat(retrying.getString("waiting.reason"))
                    .startsWith("retrying requests that failed")
                    .contains("HTTP 503: maintenance window");
            assertThat(OffsetDateTime.parse(retrying.getString("waiting.since")))
                    .isBefore(OffsetDateTime.now());
            JsonPath job = Jobs.awaitFinished(id);
            assertThat(job.getString("status")).isEqualTo("succeeded");
            assertThat(job.getList("users.attempts", Integer.class))
                    .allSatisfy(n -> assertThat(n).isGreaterThan(retrying.getInt("users[0].attempts")));
            assertThat((Object) job.get("waiting")).isNull();
            assertThat(log.lines())
                    .filteredOn(line -> line.contains(id) && line.contains("retrying"))
                    .containsExactly("INFO job " + id + ": the request of 10 users (u0 and others) failed "
                            + "(HTTP 503: maintenance window); retrying it");
        }
    }
}
