package io.ciosync.delivery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

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

/** The fault-tolerance policy towards Customer.io (v1 identify), proven by exact request counts at the stand-in. */
@QuarkusTest
@WithTestResource(CustomerIoStandInResource.class)
class RetryPolicyTest {

    @InjectCustomerIo
    CustomerIoStandIn customerIo;

    @BeforeEach
    void reset() {
        customerIo.reset();
    }

    @Test
    void transientFailuresAreRetriedUntilSuccess() {
        customerIo.script("u0", Fault.status(503), Fault.status(503));

        JsonPath job = Jobs.awaitFinished(Jobs.submit(Map.of("config", Jobs.v1Config(5), "data", Jobs.users("u", 1))));

        assertThat(job.getString("status")).isEqualTo("succeeded");
        assertThat(customerIo.identifyCount("u0")).isEqualTo(3);
        assertThat(job.getInt("users[0].attempts")).isEqualTo(3);
        assertThat(job.getString("users[0].outcome")).isEqualTo("synced");
        assertThat(customerIo.person("u0")).contains(Map.of("name", "User 0"));
    }

    @Test
    void aUserFailingPastTheRetryBudgetFailsWithTheLastStatusAndReason() {
        customerIo.script(
                "u0",
                Fault.status(500),
                Fault.status(502),
                Fault.status(503),
                Fault.status(500),
                Fault.status(502),
                Fault.status(500),
                Fault.status(502),
                Fault.status(503),
                Fault.status(500),
                Fault.status(502),
                Fault.status(504, "{\"meta\":{\"error\":\"gateway timeout upstream\"}}"));

        JsonPath job = Jobs.awaitFinished(Jobs.submit(Map.of("config", Jobs.v1Config(5), "data", Jobs.users("u", 2))));

        assertThat(job.getString("status")).isEqualTo("completed_with_errors");
        assertThat(customerIo.identifyCount("u0")).isEqualTo(11); // 1 + maxRetries 10
        assertThat(job.getString("users[0].outcome")).isEqualTo("failed");
        assertThat(job.getInt("users[0].httpStatus")).isEqualTo(504);
        assertThat(job.getInt("users[0].attempts")).isEqualTo(11);
        assertThat(job.getString("users[0].error")).contains("gateway timeout upstream");
        assertThat(job.getString("users[1].outcome")).isEqualTo("synced");
        assertThat(job.getInt("counts.failed")).isEqualTo(1);
        assertThat(job.getInt("counts.synced")).isEqualTo(1);
    }

    @Test
    void aRejectedUserIsNotRetriedAndCarriesCustomerIosMessage() {
        customerIo.script("u1", Fault.status(400, "{\"meta\":{\"errors\":[\"attribute names are invalid\"]}}"));

        JsonPath job = Jobs.awaitFinished(Jobs.submit(Map.of("config", Jobs.v1Config(5), "data", Jobs.users("u", 3))));

        assertThat(customerIo.identifyCount("u1")).isEqualTo(1);
        List<Map<String, Object>> failed = given().queryParam("outcome", "failed")
                .get("/syncs/" + job.getString("id") + "/users")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items");
        assertThat(failed).singleElement().satisfies(u -> {
            assertThat(u)
                    .containsEntry("userId", "u1")
                    .containsEntry("httpStatus", 400)
                    .containsEntry("attempts", 1);
            assertThat((String) u.get("error")).contains("attribute names are invalid");
        });
    }

    @Test
    void retryAfterOfA429IsHonoured() {
        customerIo.script("u0", Fault.retryAfter(1));
        long start = System.nanoTime();

        JsonPath job = Jobs.awaitFinished(Jobs.submit(Map.of("config", Jobs.v1Config(1), "data", Jobs.users("u", 1))));

        assertThat(job.getString("users[0].outcome")).isEqualTo("synced");
        assertThat(customerIo.identifyCount("u0")).isEqualTo(2);
        List<CustomerIoStandIn.RecordedRequest> sent = customerIo.requests();
        assertThat(Duration.ofNanos(sent.get(1).receivedNanos() - sent.get(0).receivedNanos()))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void droppedConnectionsAndSlowAnswersAreRetried() {
        customerIo.script("u0", Fault.drop());
        // beyond the per-attempt timeout: 3 s by the class key, 15 s by default
        // (%test.quarkus.fault-tolerance."io.ciosync.customerio.CustomerIo".timeout.value)
        customerIo.script("u1", Fault.slow(Duration.ofSeconds(5)));

        JsonPath job = Jobs.awaitFinished(Jobs.submit(Map.of("config", Jobs.v1Config(5), "data", Jobs.users("u", 2))));

        assertThat(job.getString("status")).isEqualTo("succeeded");
        assertThat(customerIo.identifyCount("u0")).isEqualTo(2);
        assertThat(customerIo.identifyCount("u1")).isEqualTo(2);
        assertThat(job.getList("users.attempts")).containsExactly(2, 2);
    }

    @Test
    void refusedCredentialsFailTheJobAtOnce() {
        Map<String, Object> config = Jobs.v1Config(4);
        config.put("api-key", "wrong-key");

        JsonPath job = Jobs.awaitFinished(Jobs.submit(Map.of("config", config, "data", Jobs.users("u", 300))));

        assertThat(job.getString("status")).isEqualTo("failed");
        assertThat(job.getString("error")).contains("401").contains("api-key");
        assertThat(customerIo.requestCount()).isBetween(1, 4);
        assertThat(job.getInt("counts.failed")).isEqualTo(customerIo.requestCount());
        assertThat(job.getInt("counts.pending")).isEqualTo(300 - customerIo.requestCount());
        assertThat(customerIo.peopleCount()).isZero();
    }

    @Test
    void tenThousandUsersWithTwentyPercentTransientFailuresAllSync() {
        customerIo.failRandomly(0.2, 503, 42);

        JsonPath job = Jobs.awaitFinished(
                Jobs.submit(Map.of("config", Jobs.v1Config(50), "data", Jobs.users("bulk", 10_000))),
                Duration.ofMinutes(3));

        assertThat(job.getString("status")).isEqualTo("succeeded");
        assertThat(job.getInt("counts.total")).isEqualTo(10_000);
        assertThat(job.getInt("counts.synced")).isEqualTo(10_000);
        assertThat(job.getInt("counts.failed") + job.getInt("counts.skipped") + job.getInt("counts.pending"))
                .isZero();
        assertThat(customerIo.peopleCount()).isEqualTo(10_000);
        int failedAnswers = (int)
                customerIo.requests().stream().filter(r -> r.status() == 503).count();
        assertThat(failedAnswers).isGreaterThan(1000);
        assertThat(customerIo.requestCount()).isEqualTo(10_000 + failedAnswers);
        assertThat(customerIo.specViolations()).isEmpty();
    }
}
