package io.ciosync.delivery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ciosync.CustomerIoStandIn;
import io.ciosync.CustomerIoStandIn.Fault;
import io.ciosync.CustomerIoStandInResource;
import io.ciosync.InjectCustomerIo;
import io.ciosync.Jobs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * {@code POST /syncs/{id}/cancel} stops a job between users and stops retrying its requests in flight;
 * {@code /retry} resends its failed users only.
 */
@QuarkusTest
@WithTestResource(CustomerIoStandInResource.class)
class CancelAndRetryTest {

    @InjectCustomerIo
    CustomerIoStandIn customerIo;

    @BeforeEach
    void reset() {
        customerIo.reset();
    }

    @Test
    void cancelStopsARunningJobAndRecordsWhatWasSentTruthfully() {
        customerIo.latency(Duration.ofMillis(50));
        String id = Jobs.submit(Map.of("config", Jobs.v1Config(2), "data", Jobs.users("c", 400)));
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> customerIo.requestCount() >= 4);

        given().post("/syncs/" + id + "/cancel").then().statusCode(200).body("status", equalTo("cancelled"));

        JsonPath job = await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> given().get("/syncs/" + id).then().extract().jsonPath(),
                        doc -> doc.getInt("counts.pending") == 0);
        assertThat(job.getString("status")).isEqualTo("cancelled");
        int synced = job.getInt("counts.synced");
        int cancelled = job.getInt("counts.cancelled");
        assertThat(synced + job.getInt("counts.failed") + cancelled).isEqualTo(400);
        assertThat(customerIo.requestCount()).isEqualTo(synced);
        assertThat(customerIo.peopleCount()).isEqualTo(synced);
        assertThat(cancelled).isGreaterThan(300);
        given().queryParam("outcome", "cancelled")
                .queryParam("limit", 1000)
                .get("/syncs/" + id + "/users")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(cancelled));
        given().post("/syncs/" + id + "/cancel").then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void cancelStopsTheRetriesOfARequestInFlightAndItsUsersEndCancelled() {
        customerIo.latency(Duration.ofMillis(300)); // 11 attempts of u1 would take more than 3 s
        customerIo.script(
                "u1", IntStream.range(0, 11).mapToObj(i -> Fault.status(503)).toArray(Fault[]::new));
        String id = Jobs.submit(Map.of("config", Jobs.v1Config(1), "data", Jobs.users("u", 3)));
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> customerIo.identifyCount("u1") >= 2);

        given().post("/syncs/" + id + "/cancel").then().statusCode(200).body("status", equalTo("cancelled"));
        long attemptsAtCancel = customerIo.identifyCount("u1");

        JsonPath job = await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> given().get("/syncs/" + id).then().extract().jsonPath(),
                        doc -> doc.getInt("counts.pending") == 0);
        assertThat(job.getString("status")).isEqualTo("cancelled");
        assertThat(job.getList("users.outcome")).containsExactly("synced", "cancelled", "cancelled");
        assertThat(job.getInt("counts.synced")).isEqualTo(1);
        assertThat(job.getInt("counts.cancelled")).isEqualTo(2);
        assertThat(job.getInt("counts.failed")).isZero();
        // the attempt on the wire when the cancel came is answered; no retry follows it
        assertThat(customerIo.identifyCount("u1"))
                .isBetween(attemptsAtCancel, attemptsAtCancel + 1)
                .isLessThan(11);
        assertThat(customerIo.identifyCount("u2")).isZero();
        assertThat(customerIo.peopleCount()).isEqualTo(1);
    }

    @Test
    void retryResendsOnlyTheFailedUsersWithTheSameConfigAsALinkedJob() {
        customerIo.script("r1", Fault.status(400));
        customerIo.script("r3", Fault.status(400));
        String original = Jobs.submit(Map.of("config", Jobs.v1Config(2), "data", Jobs.users("r", 5)));
        assertThat(Jobs.awaitFinished(original).getInt("counts.failed")).isEqualTo(2);

        String retry = given().post("/syncs/" + original + "/retry")
                .then()
                .statusCode(202)
                .body("total", equalTo(2))
                .extract()
                .path("id");
        JsonPath job = Jobs.awaitFinished(retry);

        assertThat(job.getString("status")).isEqualTo("succeeded");
        assertThat(job.getString("retryOf")).isEqualTo(original);
        assertThat(job.getList("users.userId")).containsExactly("r1", "r3");
        assertThat(job.getString("config.site-id")).isEqualTo("site");
        assertThat(job.getString("config.api-key")).isEqualTo("****");
        assertThat(customerIo.requestCount()).isEqualTo(5 + 2);
        assertThat(customerIo.identifyCount("r1")).isEqualTo(2);
        assertThat(customerIo.identifyCount("r0")).isEqualTo(1);
        assertThat(customerIo.person("r3")).contains(Map.of("name", "User 3"));
        given().post("/syncs/" + retry + "/retry")
                .then()
                .statusCode(409)
                .body("detail", containsString("no failed users"));
        given().post("/syncs/nope/retry").then().statusCode(404);
    }
}
