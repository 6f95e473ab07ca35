package io.ciosync.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.restassured.path.json.JsonPath;

/** Several replicas of the packaged application on one PostgreSQL database share the work and the answers. */
class ReplicasIT extends PgCase {

    private static final Path LOGS = Path.of("target/it-logs/replicas");

    @BeforeEach
    void start() {
        customerIo.latency(Duration.ofMillis(5));
        customerIo.storeBodies(false);
    }

    private App replica(String name) {
        // 20 chunks of 1,000 users (batch delivery), so both replicas have work to claim
        return App.create(name, customerIo.baseUrl(), LOGS)
                .env("CIO_SYNC_DB_URL", pg.url())
                .prop("cio-sync.delivery.batch-chunk-size", "1000");
    }

    @Test
    void twoInstancesShareOneTwentyThousandUserJobAndAgreeOnItsStatus() throws Exception {
        try (App a = replica("a").start();
                App b = replica("b").start()) {
            String id = ItJobs.submit(a, ItJobs.job("r", 20_000, 25));

            JsonPath fromA = ItJobs.awaitFinished(a, id, Duration.ofMinutes(6));
            JsonPath fromB = ItJobs.status(b, id);

            assertThat(fromA.getString("status")).isEqualTo("succeeded");
            assertThat(fromA.getInt("counts.synced")).isEqualTo(20_000);
            assertThat(fromB.getMap("counts")).isEqualTo(fromA.getMap("counts"));
            assertThat(fromB.getString("status")).isEqualTo(fromA.getString("status"));
            assertThat(fromB.getString("finishedAt")).isEqualTo(fromA.getString("finishedAt"));
            assertThat(fromB.getList("users")).isEqualTo(fromA.getList("users"));
            assertThat(pg.count("SELECT COUNT(DISTINCT done_by) FROM job_chunk WHERE job_id = '" + id + "'"))
                    .as("both replicas delivered chunks")
                    .isEqualTo(2);
            assertThat(customerIo.peopleCount()).isEqualTo(20_000);
            assertThat(customerIo.person("r19999")).contains(Map.of("name", "User 19999", "plan", "free"));
            assertThat(customerIo.specViolations()).isEmpty();
        }
    }
}
