package io.ciosync.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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

/** A job's {@code rateLimit} and Customer.io's {@code Retry-After}, as the stand-in sees them. */
@QuarkusTest
@WithTestResource(CustomerIoStandInResource.class)
class RateBudgetTest {

    @InjectCustomerIo
    CustomerIoStandIn customerIo;

    @BeforeEach
    void reset() {
        customerIo.reset();
    }

    @Test
    void parallelism200WithABudgetOf200NeverSendsMoreThan200InAnySecond() {
        Map<String, Object> config = Jobs.v1Config(200);
        config.put("rateLimit", 200);

        JsonPath job = Jobs.awaitFinished(Jobs.submit(Map.of("config", config, "data", Jobs.users("r", 800))));

        assertThat(job.getString("status")).isEqualTo("succeeded");
        assertThat(customerIo.requestCount()).isEqualTo(800);
        assertThat(customerIo.maxRequestsInAnySecond()).isBetween(150, 200);
        assertThat(customerIo.maxConcurrentRequests()).isLessThanOrEqualTo(200);
    }

    @Test
    void aRetryAfterPausesEveryRequestOfTheWorkspace() {
        customerIo.script("p0", Fault.retryAfter(1));
        customerIo.script("p1", Fault.slow(Duration.ofMillis(300)));

        JsonPath job = Jobs.awaitFinished(Jobs.submit(Map.of("config", Jobs.v1Config(2), "data", Jobs.users("p", 4))));

        assertThat(job.getString("status")).isEqualTo("succeeded");
        List<RecordedRequest> sent = customerIo.requests();
        assertThat(sent).hasSize(5);
        long throttled = sent.stream()
                .filter(r -> r.status() == 429)
                .findFirst()
                .orElseThrow()
                .receivedNanos();
        // p0 and p1 went out together; p1's thread moved on to p2 after 300 ms, yet waited for the 429's second
        assertThat(sent.subList(2, 5))
                .allSatisfy(r -> assertThat(Duration.ofNanos(r.receivedNanos() - throttled))
                        .isGreaterThanOrEqualTo(Duration.ofSeconds(1)));
        assertThat(sent.subList(2, 5))
                .extracting(RecordedRequest::identifier)
                .containsExactlyInAnyOrder("p0", "p2", "p3");
    }
}
