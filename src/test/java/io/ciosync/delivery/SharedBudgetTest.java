package io.ciosync.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ciosync.CustomerIoStandIn;
import io.ciosync.CustomerIoStandIn.RecordedRequest;
import io.ciosync.CustomerIoStandInResource;
import io.ciosync.InjectCustomerIo;
import io.ciosync.Jobs;
import io.ciosync.store.ReplicaStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** One workspace budget (100 requests/s here) shared by every job of the workspace, and divided among replicas. */
@QuarkusTest
@TestProfile(SharedBudgetTest.Budget100.class)
@WithTestResource(CustomerIoStandInResource.class)
class SharedBudgetTest {

    public static class Budget100 implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "cio-sync.customerio.rate-limit",
                    "100",
                    "cio-sync.data-dir",
                    "./target/test-data-shared-budget"); // its own H2 file: no lock to wait for
        }
    }

    private static final String OTHER_REPLICA = "another-replica";

    @InjectCustomerIo
    CustomerIoStandIn customerIo;

    @Inject
    ReplicaStore replicaStore;

    @Inject
    Replicas replicas;

    @BeforeEach
    void reset() {
        customerIo.reset();
    }

    @AfterEach
    void forgetOtherReplica() {
        replicaStore.leave(OTHER_REPLICA);
        replicas.heartbeat();
    }

    @Test
    void twoJobsOfOneWorkspaceRunningAtOnceStayWithinOneBudget() {
        String first = Jobs.submit(Map.of("config", Jobs.v1Config(50), "data", Jobs.users("a", 250)));
        String second = Jobs.submit(Map.of("config", Jobs.v1Config(50), "data", Jobs.users("b", 250)));

        assertThat(Jobs.awaitFinished(first).getString("status")).isEqualTo("succeeded");
        assertThat(Jobs.awaitFinished(second).getString("status")).isEqualTo("succeeded");
        List<RecordedRequest> sent = customerIo.requests();
        assertThat(sent).hasSize(500);
        assertThat(customerIo.maxRequestsInAnySecond()).isBetween(75, 100);
        // they did run at once: the second job's first request came before the first job's last one
        assertThat(indexOfFirst(sent, "b")).isLessThan(lastIndexOf(sent, "a"));
    }

    @Test
    void aSecondLiveReplicaHalvesThisReplicasShare() {
        replicaStore.beat(OTHER_REPLICA, Duration.ofMinutes(1));
        replicas.heartbeat();

        String job = Jobs.submit(Map.of("config", Jobs.v1Config(50), "data", Jobs.users("c", 150)));

        assertThat(Jobs.awaitFinished(job).getString("status")).isEqualTo("succeeded");
        assertThat(customerIo.requestCount()).isEqualTo(150);
        assertThat(customerIo.maxRequestsInAnySecond()).isBetween(38, 50);
    }

    private static int indexOfFirst(List<RecordedRequest> sent, String prefix) {
        for (int i = 0; i < sent.size(); i++) {
            if (sent.get(i).identifier().startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(List<RecordedRequest> sent, String prefix) {
        for (int i = sent.size() - 1; i >= 0; i--) {
            if (sent.get(i).identifier().startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
