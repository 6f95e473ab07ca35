package io.ciosync.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ciosync.CustomerIoStandIn;
import io.ciosync.CustomerIoStandInResource;
import io.ciosync.InjectCustomerIo;
import io.ciosync.Jobs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** {@code "dryRun": true} maps and checks every user, shows the first payloads, and sends nothing. */
@QuarkusTest
@WithTestResource(CustomerIoStandInResource.class)
class DryRunTest {

    @InjectCustomerIo
    CustomerIoStandIn customerIo;

    @BeforeEach
    void reset() {
        customerIo.reset();
    }

    @Test
    void aDryRunReportsCountsAndTheFirstPayloadsAndSendsNothing() {
        Map<String, Object> config = Jobs.v1Config(5);
        config.put("dryRun", true);
        List<Map<String, Object>> users = new ArrayList<>(Jobs.users("u", 25));
        users.add(Map.of("name", "no id"));
        users.add(Map.of("uid", "u3", "name", "duplicate"));

        JsonPath job = Jobs.awaitFinished(Jobs.submit(Map.of("config", config, "data", users)));

        assertThat(customerIo.requestCount()).isZero();
        assertThat(job.getString("status")).isEqualTo("completed_with_errors");
        assertThat(job.getBoolean("config.dryRun")).isTrue();
        assertThat(job.getMap("counts"))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "total",
                        27,
                        "pending",
                        0,
                        "synced",
                        0,
                        "failed",
                        0,
                        "skipped",
                        2,
                        "cancelled",
                        0,
                        "unchanged",
                        0,
                        "wouldSync",
                        25));
        assertThat(job.getInt("dryRun.wouldSync")).isEqualTo(25);
        assertThat(job.getList("dryRun.preview")).hasSize(20);
        assertThat(job.getMap("dryRun.preview[0]"))
                .isEqualTo(Map.of("userId", "u0", "identifier", "u0", "attributes", Map.of("name", "User 0")));
        assertThat(job.getList("users.outcome").subList(0, 25)).containsOnly("would_sync");
        given().queryParam("outcome", "would_sync")
                .queryParam("limit", 1000)
                .get("/syncs/" + job.getString("id") + "/users")
                .then()
                .statusCode(200)
                .body("items", hasSize(25));
    }

    @Test
    void theExactRequestIncludesUpdateOnlyAndTheIdentifierPath() {
        Map<String, Object> config = Jobs.v1Config(5);
        config.put("dryRun", true);
        config.put("updateOnly", true);
        config.put("identifier", "cio_id");

        JsonPath job = Jobs.awaitFinished(Jobs.submit(Map.of("config", config, "data", Jobs.users("c", 1))));

        assertThat(job.getString("status")).isEqualTo("succeeded");
        assertThat(job.getMap("dryRun.preview[0]"))
                .isEqualTo(Map.of(
                        "userId",
                        "c0",
                        "identifier",
                        "cio_c0",
                        "attributes",
                        Map.of("name", "User 0", "_update", true)));
        assertThat(customerIo.requestCount()).isZero();
    }

    @Test
    void anOrdinaryJobHasNoDryRunReport() {
        JsonPath job = Jobs.awaitFinished(Jobs.submit(Map.of("config", Jobs.v1Config(5), "data", Jobs.users("o", 1))));

        assertThat(job.getMap("$")).doesNotContainKey("dryRun");
        assertThat(customerIo.identifyCount("o0")).isEqualTo(1);
    }
}
