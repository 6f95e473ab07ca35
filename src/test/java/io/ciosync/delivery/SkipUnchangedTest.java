package io.ciosync.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ciosync.CustomerIoStandIn;
import io.ciosync.CustomerIoStandIn.Fault;
import io.ciosync.CustomerIoStandIn.RecordedRequest;
import io.ciosync.CustomerIoStandInResource;
import io.ciosync.InjectCustomerIo;
import io.ciosync.Jobs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** {@code "skipUnchanged": true} sends only new or changed users; a failed send is never remembered as sent. */
@QuarkusTest
@WithTestResource(CustomerIoStandInResource.class)
class SkipUnchangedTest {

    @InjectCustomerIo
    CustomerIoStandIn customerIo;

    @BeforeEach
    void reset() {
        customerIo.reset();
    }

    @Test
    void onlyNewAndChangedUsersAreSent() {
        String prefix = "s" + System.nanoTime() + "-";
        Map<String, Object> config = skipping();
        Jobs.awaitFinished(Jobs.submit(Map.of("config", config, "data", Jobs.users(prefix, 10))));
        List<Map<String, Object>> next = new ArrayList<>(Jobs.users(prefix, 11)); // one new: prefix10
        next.set(2, Map.of("uid", prefix + 2, "name", "Changed"));
        next.set(7, Map.of("uid", prefix + 7, "name", "Changed too"));

        JsonPath job = Jobs.awaitFinished(Jobs.submit(Map.of("config", config, "data", next)));

        assertThat(job.getString("status")).isEqualTo("succeeded");
        assertThat(job.getInt("counts.unchanged")).isEqualTo(8);
        assertThat(job.getInt("counts.synced")).isEqualTo(3);
        assertThat(job.getInt("counts.pending")).isZero();
        assertThat(customerIo.requests().subList(10, customerIo.requestCount()))
                .extracting(RecordedRequest::identifier)
                .containsExactlyInAnyOrder(prefix + 2, prefix + 7, prefix + 10);
        assertThat(customerIo.person(prefix + 2)).contains(Map.of("name", "Changed"));
        assertThat(job.getString("users[0].outcome")).isEqualTo("unchanged");
    }

    @Test
    void aUserWhoseSendFailedIsSentAgainAndWithoutTheFlagEveryoneIs() {
        String prefix = "f" + System.nanoTime() + "-";
        customerIo.script(prefix + 0, Fault.status(400));
        Jobs.awaitFinished(Jobs.submit(Map.of("config", skipping(), "data", Jobs.users(prefix, 5))));

        JsonPath again = Jobs.awaitFinished(Jobs.submit(Map.of("config", skipping(), "data", Jobs.users(prefix, 5))));
        JsonPath full =
                Jobs.awaitFinished(Jobs.submit(Map.of("config", Jobs.v1Config(4), "data", Jobs.users(prefix, 5))));

        assertThat(again.getInt("counts.unchanged")).isEqualTo(4);
        assertThat(again.getString("users[0].outcome")).isEqualTo("synced");
        assertThat(full.getInt("counts.synced")).isEqualTo(5);
        assertThat(customerIo.identifyCount(prefix + 0)).isEqualTo(3);
        assertThat(customerIo.identifyCount(prefix + 1)).isEqualTo(2);
        assertThat(customerIo.requestCount()).isEqualTo(5 + 1 + 5);
    }

    @Test
    void anotherWorkspaceIsAnotherScope() {
        String prefix = "w" + System.nanoTime() + "-";
        Jobs.awaitFinished(Jobs.submit(Map.of("config", skipping(), "data", Jobs.users(prefix, 3))));
        customerIo.acceptCredentials("other-site", "other-key");
        Map<String, Object> other = new HashMap<>(skipping());
        other.put("site-id", "other-site");
        other.put("api-key", "other-key");

        JsonPath job = Jobs.awaitFinished(Jobs.submit(Map.of("config", other, "data", Jobs.users(prefix, 3))));

        assertThat(job.getInt("counts.synced")).isEqualTo(3);
        assertThat(customerIo.requestCount()).isEqualTo(6);
    }

    @Test
    void v2RecordsFingerprintsOnlyForEntriesCustomerIoAccepted() {
        String prefix = "b" + System.nanoTime() + "-";
        customerIo.rejectEntry(prefix + 0, "attribute rejected");
        Map<String, Object> config = Jobs.config(4); // v2 batches, the default
        config.put("skipUnchanged", true);

        JsonPath first = Jobs.awaitFinished(Jobs.submit(Map.of("config", config, "data", Jobs.users(prefix, 5))));
        customerIo.reset();
        customerIo.storeBodies(true);
        JsonPath again = Jobs.awaitFinished(Jobs.submit(Map.of("config", config, "data", Jobs.users(prefix, 5))));

        assertThat(first.getInt("counts.failed")).isEqualTo(1);
        assertThat(first.getInt("counts.synced")).isEqualTo(4);
        assertThat(again.getString("status")).isEqualTo("succeeded");
        assertThat(again.getInt("counts.unchanged")).isEqualTo(4);
        assertThat(again.getString("users[0].outcome")).isEqualTo("synced");
        assertThat(customerIo.requests()).singleElement().satisfies(r -> {
            assertThat(r.rawPath()).isEqualTo("/api/v2/batch");
            assertThat(r.body()).contains("\"" + prefix + "0\"").doesNotContain("\"" + prefix + "1\"");
        });
    }

    static Map<String, Object> skipping() {
        Map<String, Object> config = Jobs.v1Config(4);
        config.put("skipUnchanged", true);
        return config;
    }
}
