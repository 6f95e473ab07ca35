package io.ciosync.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ciosync.CustomerIoStandIn;
import io.ciosync.CustomerIoStandInResource;
import io.ciosync.InjectCustomerIo;
import io.ciosync.Jobs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * A per-method key of the fault-tolerance policy ({@code "...CustomerIo/batch".retry.max-retries}) still overrides the
 * policy declared on the class ({@code io.ciosync.customerio.PerMethodPolicyKeys}), for both calls since one policy
 * serves them.
 */
@QuarkusTest
@TestProfile(PerMethodRetryKeyTest.OneRetryByTheBatchKey.class)
@WithTestResource(CustomerIoStandInResource.class)
class PerMethodRetryKeyTest {

    public static class OneRetryByTheBatchKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.fault-tolerance.\"io.ciosync.customerio.CustomerIo/batch\".retry.max-retries",
                    "1",
                    "cio-sync.data-dir",
                    "./target/test-data-per-method-retry-key"); // its own H2 file: no lock to wait for
        }
    }

    @InjectCustomerIo
    CustomerIoStandIn customerIo;

    @BeforeEach
    void reset() {
        customerIo.reset();
    }

    @Test
    void aBatchAnswered503IsSentTwiceByTheBatchKey() {
        customerIo.answerAll(503, "{\"errors\":[{\"reason\":\"unavailable\",\"message\":\"down\"}]}");

        JsonPath job = Jobs.awaitFinished(Jobs.submit(Map.of("config", Jobs.config(5), "data", Jobs.users("u", 3))));

        assertThat(customerIo.requestCount()).isEqualTo(2); // 1 + max-retries 1, not the declared 10
        assertThat(customerIo.requestCount("POST", "/api/v2/batch")).isEqualTo(2);
        assertThat(Jobs.outcomes(job.getString("id")))
                .hasSize(3)
                .allSatisfy(
                        u -> assertThat(u).containsEntry("outcome", "failed").containsEntry("attempts", 2));
    }

    @Test
    void aV1IdentifyFollowsTheSamePolicy() {
        customerIo.answerAll(503, "{\"meta\":{\"error\":\"down\"}}");

        JsonPath job = Jobs.awaitFinished(Jobs.submit(Map.of("config", Jobs.v1Config(1), "data", Jobs.users("u", 1))));

        assertThat(customerIo.identifyCount("u0")).isEqualTo(2);
        assertThat(job.getInt("users[0].attempts")).isEqualTo(2);
        assertThat(job.getString("users[0].outcome")).isEqualTo("failed");
    }
}
