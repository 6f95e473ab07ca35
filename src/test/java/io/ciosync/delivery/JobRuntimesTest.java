package io.ciosync.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ciosync.CustomerIoStandIn;
import io.ciosync.CustomerIoStandInResource;
import io.ciosync.InjectCustomerIo;
import io.ciosync.Jobs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A replica keeps a job's runtime (its decrypted API key, its parallelism, its own rate) while the job runs, and
 * forgets it once the job ended, also when another replica delivered its last chunk.
 */
@QuarkusTest
@WithTestResource(CustomerIoStandInResource.class)
class JobRuntimesTest {

    @InjectCustomerIo
    CustomerIoStandIn customerIo;

    @Inject
    JobRuntimes runtimes;

    @BeforeEach
    void reset() {
        customerIo.reset();
    }

    @Test
    void theRuntimeOfAJobThatEndedElsewhereIsForgotten() {
        String id = Jobs.submit(Map.of("config", Jobs.config(5), "data", Jobs.users("e", 3)));
        assertThat(Jobs.awaitFinished(id).getString("status")).isEqualTo("succeeded");
        runtimes.of(id); // as on a replica that delivered an earlier chunk before another one delivered the last

        runtimes.forgetEnded();

        assertThat(runtimes.running(id)).isEmpty();
    }

    @Test
    void theRuntimeOfARunningJobStaysTheSame() {
        customerIo.latency(Duration.ofMillis(50));
        String id = Jobs.submit(Map.of("config", Jobs.v1Config(2), "data", Jobs.users("r", 60)));
        JobRuntime running = await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> runtimes.running(id).orElse(null), Objects::nonNull);

        runtimes.forgetEnded();

        assertThat(runtimes.running(id)).containsSame(running);
        assertThat(Jobs.awaitFinished(id).getInt("counts.synced")).isEqualTo(60);
        await().atMost(Duration.ofSeconds(5)).until(() -> runtimes.running(id).isEmpty()); // forgotten as it ends
    }
}
