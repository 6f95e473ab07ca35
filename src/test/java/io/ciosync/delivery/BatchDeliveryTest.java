package io.ciosync.delivery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ciosync.CustomerIoStandIn;
import io.ciosync.CustomerIoStandIn.Fault;
import io.ciosync.CustomerIoStandInResource;
import io.ciosync.InjectCustomerIo;
import io.ciosync.Jobs;
import io.ciosync.LogCapture;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** v2 batch delivery (the default): packing by bytes, and per-user outcomes of 200, 207, 400, 5xx and 401 answers. */
@QuarkusTest
@WithTestResource(CustomerIoStandInResource.class)
class BatchDeliveryTest {

    @InjectCustomerIo
    CustomerIoStandIn customerIo;

    @BeforeEach
    void reset() {
        customerIo.reset();
    }

    @Test
    void manyUsersTravelInOneBatchRequest() {
        JsonPath job = Jobs.awaitFinished(Jobs.submit(Map.of("config", Jobs.config(5), "data", Jobs.users("u", 250))));

        assertThat(job.getString("status")).isEqualTo("succeeded");
        assertThat(customerIo.requestCount()).isEqualTo(1);
        assertThat(customerIo.requestCount("POST", "/api/v2/batch")).isEqualTo(1);
        assertThat(customerIo.peopleCount()).isEqualTo(250);
        assertThat(customerIo.person("u249")).contains(Map.of("name", "User 249"));
        assertThat(Jobs.outcomes(job.getString("id")))
                .hasSize(250)
                .allSatisfy(u -> assertThat(u)
                        .containsEntry("outcome", "synced")
                        .containsEntry("httpStatus", 200)
                        .containsEntry("attempts", 1));
        assertThat(customerIo.specViolations()).isEmpty();
    }

    @Test
    void batchesArePackedByBytesUnderTheRequestLimit() {
        Map<String, Object> config = Jobs.config(3);
        config.put(
                "mappings",
                IntStream.range(0, 9)
                        .mapToObj(i -> Map.of("from", "a" + i, "to", "a" + i))
                        .toList());
        List<Map<String, Object>> users = IntStream.range(0, 120)
                .mapToObj(i -> {
                    Map<String, Object> user = new HashMap<>(Map.of("uid", "big" + i));
                    IntStream.range(0, 9)
                            .forEach(a -> user.put("a" + a, "é".repeat(495))); // 990 bytes each: ~9 KB a user
                    return (Map<String, Object>) user;
                })
                .toList();

        JsonPath job = Jobs.awaitFinished(Jobs.submit(Map.of("config", config, "data", users)));

        assertThat(job.getString("status")).isEqualTo("succeeded");
        assertThat(customerIo.peopleCount()).isEqualTo(120);
        List<Integer> sizes = customerIo.requests().stream()
                .map(r -> r.body().getBytes(StandardCharsets.UTF_8).length)
                .sorted(Comparator.reverseOrder())
                .toList();
        assertThat(sizes).hasSize(3).allSatisfy(size -> assertThat(size).isLessThan(500_000));
        assertThat(sizes.get(0) + sizes.get(1)).isGreaterThan(2 * (500_000 - 9_200)); // full but for the last one
        assertThat(customerIo.specViolations()).isEmpty();
    }

    @Test
    void a207FailsTheNamedEntriesWithCustomerIosReasonAndSyncsTheRest() {
        customerIo.rejectEntry("u1", "attribute plan is not allowed");
        customerIo.rejectEntry("u3", "email is malformed");

        JsonPath job;
        try (LogCapture log = LogCapture.of("io.ciosync.delivery")) {
            job = Jobs.awaitFinished(Jobs.submit(Map.of("config", Jobs.config(5), "data", Jobs.users("u", 5))));
            String id = job.getString("id");
            assertThat(log.lines())
                    .filteredOn(line -> line.startsWith("WARN job " + id))
                    .containsExactly( // one per answer
                            "WARN job " + job.getString("id")
                                    + ": Customer.io rejected 2 of 5 entries of a batch (the first, "
                                    + "user u1: Customer.io rejected the entry: invalid (attributes): attribute plan is not allowed)");
        }

        assertThat(job.getString("status")).isEqualTo("completed_with_errors");
        assertThat(job.getInt("counts.synced")).isEqualTo(3);
        assertThat(job.getInt("counts.failed")).isEqualTo(2);
        assertThat(customerIo.requestCount()).isEqualTo(1);
        assertThat(outcomesById(job))
                .containsExactly(
                        Map.entry("u0", "synced 207 1 null"),
                        Map.entry(
                                "u1",
                                "failed 207 1 Customer.io rejected the entry: invalid (attributes): "
                                        + "attribute plan is not allowed"),
                        Map.entry("u2", "synced 207 1 null"),
                        Map.entry(
                                "u3",
                                "failed 207 1 Customer.io rejected the entry: invalid (attributes): email is malformed"),
                        Map.entry("u4", "synced 207 1 null"));
        assertThat(customerIo.person("u1")).isEmpty();
        assertThat(customerIo.person("u3")).isEmpty();
        assertThat(customerIo.peopleCount()).isEqualTo(3);
    }

    @Test
    void a207WithAnErrorForNoEntryRecordsNoUserOfTheBatchAsSynced() {
        customerIo.scriptNext(Fault.status(207, """
                {"errors": [{"batch_index": 1, "reason": "invalid", "field": "attributes", "message": "bad plan"},
                            {"reason": "internal", "message": "partially processed"}]}"""));

        JsonPath job = Jobs.awaitFinished(Jobs.submit(Map.of("config", Jobs.config(5), "data", Jobs.users("n", 3))));

        assertThat(job.getString("status")).isEqualTo("completed_with_errors");
        assertThat(customerIo.requestCount()).isEqualTo(1);
        String unknown = "failed 207 1 Customer.io answered 207 with an error for no entry (internal: partially "
                + "processed): whether this user was accepted is unknown";
        assertThat(outcomesById(job))
                .containsExactly(
                        Map.entry("n0", unknown),
                        Map.entry("n1", "failed 207 1 Customer.io rejected the entry: invalid (attributes): bad plan"),
                        Map.entry("n2", unknown));
    }

    @Test
    void aBatchRejectedAsAWholeIsSplitUntilTheBadEntriesAreIsolated() {
        customerIo.rejectBatchesHolding("u3", "batch is malformed");
        customerIo.rejectBatchesHolding("u6", "batch is malformed");

        JsonPath job = Jobs.awaitFinished(Jobs.submit(Map.of("config", Jobs.config(5), "data", Jobs.users("u", 8))));

        // [0-7] 400 → [0-3] 400 → [0-1] 200, [2-3] 400 → [2] 200, [3] 400; [4-7] 400 → [4-5] 200, [6-7] 400 → [6] 400,
        // [7] 200
        assertThat(customerIo.requestCount()).isEqualTo(11);
        assertThat(job.getString("status")).isEqualTo("completed_with_errors");
        assertThat(outcomesById(job))
                .containsExactly(
                        Map.entry("u0", "synced 200 3 null"),
                        Map.entry("u1", "synced 200 3 null"),
                        Map.entry("u2", "synced 200 4 null"),
                        Map.entry("u3", "failed 400 4 HTTP 400: batch is malformed"),
                        Map.entry("u4", "synced 200 3 null"),
                        Map.entry("u5", "synced 200 3 null"),
                        Map.entry("u6", "failed 400 4 HTTP 400: batch is malformed"),
                        Map.entry("u7", "synced 200 4 null"));
        assertThat(customerIo.peopleCount()).isEqualTo(6);
        assertThat(customerIo.specViolations()).isEmpty();
    }

    @Test
    void transientFailuresRetryTheWholeBatchWithTheSamePolicy() {
        customerIo.scriptNext(Fault.status(503), Fault.retryAfter(0), Fault.drop());

        JsonPath job = Jobs.awaitFinished(Jobs.submit(Map.of("config", Jobs.config(5), "data", Jobs.users("u", 10))));

        assertThat(job.getString("status")).isEqualTo("succeeded");
        assertThat(customerIo.requestCount()).isEqualTo(4);
        assertThat(Jobs.outcomes(job.getString("id")))
                .hasSize(10)
                .allSatisfy(
                        u -> assertThat(u).containsEntry("outcome", "synced").containsEntry("attempts", 4));
        assertThat(customerIo.peopleCount()).isEqualTo(10);
    }

    @Test
    void aBatchFailingPastTheRetryBudgetFailsEachOfItsUsersWithTheLastStatus() {
        customerIo.answerAll(502, "{\"errors\":[{\"reason\":\"unavailable\",\"message\":\"upstream is down\"}]}");

        JsonPath job;
        try (LogCapture log = LogCapture.of("io.ciosync.delivery")) {
            job = Jobs.awaitFinished(Jobs.submit(Map.of("config", Jobs.config(5), "data", Jobs.users("u", 3))));
            String id = job.getString("id");
            assertThat(log.lines())
                    .filteredOn(line -> line.startsWith("WARN job " + id))
                    .singleElement()
                    .asString()
                    .startsWith("WARN job " + job.getString("id")
                            + ": 3 users (u0 and others) failed: gave up after 11 " + "attempts: HTTP 502");
        }

        assertThat(customerIo.requestCount()).isEqualTo(11); // 1 + maxRetries 10
        assertThat(job.getString("status")).isEqualTo("completed_with_errors");
        assertThat(Jobs.outcomes(job.getString("id"))).hasSize(3).allSatisfy(u -> {
            assertThat(u)
                    .containsEntry("outcome", "failed")
                    .containsEntry("httpStatus", 502)
                    .containsEntry("attempts", 11);
            assertThat((String) u.get("error"))
                    .contains("gave up after 11 attempts")
                    .contains("upstream is down");
        });
    }

    @Test
    void refusedCredentialsFailTheJobAtOnce() {
        Map<String, Object> config = Jobs.config(4);
        config.put("api-key", "wrong-key");

        JsonPath job = Jobs.awaitFinished(Jobs.submit(Map.of("config", config, "data", Jobs.users("u", 3000))));

        assertThat(job.getString("status")).isEqualTo("failed");
        assertThat(job.getString("error")).contains("401").contains("api-key");
        assertThat(customerIo.requestCount()).isBetween(1, 3); // one batch per chunk of 1000, 4 workers
        // batches already in flight when the first 401 came back record their users' outcomes too
        JsonPath settled = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> given().get("/syncs/" + job.getString("id")).jsonPath(),
                        doc -> doc.getInt("counts.failed") == 1000 * customerIo.requestCount());
        assertThat(settled.getInt("counts.pending")).isEqualTo(3000 - settled.getInt("counts.failed"));
        assertThat(customerIo.peopleCount()).isZero();
    }

    /** userId → "outcome httpStatus attempts error", in input order. */
    private static Map<String, String> outcomesById(JsonPath job) {
        Map<String, String> byId = new LinkedHashMap<>();
        for (Map<String, Object> u : Jobs.outcomes(job.getString("id"))) {
            byId.put(
                    (String) u.get("userId"),
                    u.get("outcome") + " " + u.get("httpStatus") + " " + u.get("attempts") + " " + u.get("error"));
        }
        return byId;
    }
}
