package io.ciosync.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URL;
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
import io.ciosync.Metrics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** After a sync, the Prometheus metrics on the management port show the job's numbers. */
@QuarkusTest
@WithTestResource(CustomerIoStandInResource.class)
class MetricsTest {

    @TestHTTPResource(value = "/metrics", management = true) // under the management root /q
    URL metrics;

    @InjectCustomerIo
    CustomerIoStandIn customerIo;

    @BeforeEach
    void reset() {
        customerIo.reset();
    }

    @Test
    void userAndJobCountersMatchTheJobsCounts() {
        Metrics before = Metrics.scrape(metrics);
        customerIo.script("m1", Fault.status(400, "{\"meta\":{\"error\":\"bad attribute\"}}"));
        List<Map<String, Object>> users = new java.util.ArrayList<>(Jobs.users("m", 5));
        users.add(Map.of("name", "no id"));

        JsonPath job = Jobs.awaitFinished(Jobs.submit(Map.of("config", Jobs.v1Config(5), "data", users)));
        Metrics after = Metrics.scrape(metrics);

        assertThat(job.getString("status")).isEqualTo("completed_with_errors");
        assertThat(delta(before, after, "ciosync_users_total", "outcome=\"synced\""))
                .isEqualTo(4)
                .isEqualTo(job.getInt("counts.synced"));
        assertThat(delta(before, after, "ciosync_users_total", "outcome=\"failed\""))
                .isEqualTo(1)
                .isEqualTo(job.getInt("counts.failed"));
        assertThat(delta(before, after, "ciosync_users_total", "outcome=\"skipped\""))
                .isEqualTo(1)
                .isEqualTo(job.getInt("counts.skipped"));
        assertThat(delta(before, after, "ciosync_jobs_finished_total", "status=\"completed_with_errors\""))
                .isEqualTo(1);
        assertThat(delta(before, after, "ciosync_job_duration_seconds_count", "status=\"completed_with_errors\""))
                .isEqualTo(1);
        assertThat(after.text()).contains("ciosync_users_pending ").contains("ciosync_jobs_active{status=\"running\"");
        assertThat(after.text()).doesNotContain("m1").doesNotContain(job.getString("id"));
        assertThat(delta(
                        before,
                        after,
                        "ciosync_customerio_requests_seconds_count",
                        "endpoint=\"identify\",status_class=\"2xx\""))
                .isEqualTo(4);
        assertThat(delta(
                        before,
                        after,
                        "ciosync_customerio_requests_seconds_count",
                        "endpoint=\"identify\",status_class=\"4xx\""))
                .isEqualTo(1);
    }

    @Test
    void customerIoRequestsRetriesThrottlingAndBatchSizesAreMeasured() {
        Metrics before = Metrics.scrape(metrics);
        customerIo.scriptNext(Fault.retryAfter(1), Fault.status(503));

        JsonPath job = Jobs.awaitFinished(Jobs.submit(Map.of("config", Jobs.config(5), "data", Jobs.users("b", 40))));
        Metrics after = Metrics.scrape(metrics);

        assertThat(job.getInt("counts.synced")).isEqualTo(40);
        int sent = customerIo.requestCount("POST", "/api/v2/batch");
        assertThat(sent).isEqualTo(3); // 429, 503, then the batch
        assertThat(delta(
                        before,
                        after,
                        "ciosync_customerio_requests_seconds_count",
                        "endpoint=\"batch\",status_class=\"2xx\""))
                .isEqualTo(1);
        assertThat(delta(
                        before,
                        after,
                        "ciosync_customerio_requests_seconds_count",
                        "endpoint=\"batch\",status_class=\"4xx\""))
                .isEqualTo(1);
        assertThat(delta(
                        before,
                        after,
                        "ciosync_customerio_requests_seconds_count",
                        "endpoint=\"batch\",status_class=\"5xx\""))
                .isEqualTo(1);
        assertThat(delta(before, after, "ciosync_customerio_throttled_total", "endpoint=\"batch\""))
                .isEqualTo(1);
        assertThat(delta(before, after, "ciosync_customerio_retries_total", "reason=\"throttled\""))
                .isEqualTo(1);
        assertThat(delta(before, after, "ciosync_customerio_retries_total", "reason=\"server_error\""))
                .isEqualTo(1);
        assertThat(delta(before, after, "ciosync_batch_entries_sum", "")).isEqualTo(40); // one batch, retried
        assertThat(delta(before, after, "ciosync_batch_size_bytes_count", "")).isEqualTo(1);
        assertThat(delta(before, after, "ciosync_ratelimit_wait_seconds_count", ""))
                .isEqualTo(3);
    }

    @Test
    void aRequestThatGotNoAnswerIsCountedAsStatusClassNone() {
        Metrics before = Metrics.scrape(metrics);
        customerIo.scriptNext(Fault.drop());

        JsonPath job = Jobs.awaitFinished(Jobs.submit(Map.of("config", Jobs.config(5), "data", Jobs.users("d", 3))));
        Metrics after = Metrics.scrape(metrics);

        assertThat(job.getInt("counts.synced")).isEqualTo(3);
        assertThat(delta(
                        before,
                        after,
                        "ciosync_customerio_requests_seconds_count",
                        "endpoint=\"batch\",status_class=\"none\""))
                .isEqualTo(1);
        assertThat(delta(
                        before,
                        after,
                        "ciosync_customerio_requests_seconds_count",
                        "endpoint=\"batch\",status_class=\"2xx\""))
                .isEqualTo(1);
        assertThat(after.text()).doesNotContain("status_class=\"0xx\"");
    }

    @Test
    void aRetryAfterAConnectionWithoutAnswerIsCountedAsAConnectionFailure() {
        Metrics before = Metrics.scrape(metrics);
        customerIo.script("n0", Fault.drop());

        JsonPath job = Jobs.awaitFinished(Jobs.submit(Map.of("config", Jobs.v1Config(2), "data", Jobs.users("n", 3))));
        Metrics after = Metrics.scrape(metrics);

        assertThat(job.getInt("counts.synced")).isEqualTo(3);
        assertThat(customerIo.identifyCount("n0")).isEqualTo(2);
        assertThat(delta(before, after, "ciosync_customerio_retries_total", "reason=\"connection\""))
                .isEqualTo(1);
    }

    @Test
    void refusedCredentialsAreCountedByEndpointAndStatus() {
        Metrics before = Metrics.scrape(metrics);
        Map<String, Object> config = new java.util.HashMap<>(Jobs.config(2));
        config.put("api-key", "a-key-customer-io-does-not-know");

        JsonPath job = Jobs.awaitFinished(Jobs.submit(Map.of("config", config, "data", Jobs.users("k", 3))));
        Metrics after = Metrics.scrape(metrics);

        assertThat(job.getString("status")).isEqualTo("failed");
        assertThat(delta(before, after, "ciosync_customerio_unauthorized_total", "endpoint=\"batch\",status=\"401\""))
                .isEqualTo(1);
    }

    @Test
    void unchangedUsersAreCountedAndNeverPending() {
        String prefix = "u" + System.nanoTime() + "-";
        Map<String, Object> config = new java.util.HashMap<>(Jobs.v1Config(1));
        config.put("skipUnchanged", true);
        Jobs.awaitFinished(Jobs.submit(Map.of("config", config, "data", Jobs.users(prefix, 10))));
        Metrics before = Metrics.scrape(metrics);
        // the one new user is asked twice to come back 2 s later: the job keeps running meanwhile
        customerIo.script(prefix + 10, Fault.retryAfter(2), Fault.retryAfter(2));

        String id = Jobs.submit(Map.of("config", config, "data", Jobs.users(prefix, 11)));
        // while its one user is in flight the job has 1 pending user, not its 10 unchanged ones too
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> Metrics.scrape(metrics).value("ciosync_jobs_active", "status=\"running\"") == 1
                        && Metrics.scrape(metrics).value("ciosync_users_pending", "") == 1);
        JsonPath job = Jobs.awaitFinished(id);
        Metrics after = Metrics.scrape(metrics);

        assertThat(job.getInt("counts.unchanged")).isEqualTo(10);
        assertThat(delta(before, after, "ciosync_users_total", "outcome=\"unchanged\""))
                .isEqualTo(10);
        assertThat(delta(before, after, "ciosync_users_total", "outcome=\"synced\""))
                .isEqualTo(1);
    }

    @Test
    void theLongestStallOfARunningJobIsExposedInSeconds() {
        assertThat(Metrics.scrape(metrics).text()).containsPattern("(?m)^ciosync_jobs_longest_stall_seconds \\d");
    }

    @Test
    void openConnectionsToCustomerIoAreCountedWhileAJobSends() {
        customerIo.latency(Duration.ofMillis(300));
        String id = Jobs.submit(Map.of("config", Jobs.v1Config(2), "data", Jobs.users("c", 10)));
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> customerIo.requestCount() >= 1);

        // the client the requests go through, not a twin built and never used (as an application-scoped REST client's
        // proxy used to do): its gauge was registered first and read 0 whatever was open
        double open = Metrics.scrape(metrics).value("http_client_active_connections", "clientName=\"customerio\"");
        int synced = Jobs.awaitFinished(id).getInt("counts.synced");

        assertThat(open).isGreaterThanOrEqualTo(1); // and idle ones kept alive from earlier tests, if any
        assertThat(synced).isEqualTo(10);
    }

    private static double delta(Metrics before, Metrics after, String name, String labels) {
        return after.value(name, labels) - before.value(name, labels);
    }
}
