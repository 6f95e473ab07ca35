package io.ciosync.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ciosync.CustomerIoStandIn;
import io.restassured.path.json.JsonPath;

/**
 * A job accepted with 202 finishes whatever happens to the process working on it: kill -9 (then a restart, or the
 * other replica), or SIGTERM (drains within the grace period). Every user reaches Customer.io with the right
 * attributes and is counted exactly once.
 */
class CrashRecoveryIT {

    private static final Path LOGS = Path.of("target/it-logs/crash");
    private static final int USERS = 3_000;

    private CustomerIoStandIn customerIo;
    private Pg pg;

    @BeforeEach
    void start() {
        customerIo = CustomerIoStandIn.start(0);
        customerIo.latency(Duration.ofMillis(40)); // 25 in flight: ~600 users/s, so the job is mid-way when killed
    }

    @AfterEach
    void stop() throws Exception {
        customerIo.close();
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void killNineOnTheEmbeddedDatabaseThenRestartCompletesTheJob() throws Exception {
        Path data = Files.createTempDirectory("cio-sync-h2-");
        String id;
        try (App first = App.create("h2-first", customerIo.baseUrl(), LOGS)
                .prop("cio-sync.data-dir", data.toString())
                .start()) {
            id = ItJobs.submit(first, ItJobs.job("h", USERS, 25));
            ItJobs.await(first, id, Duration.ofSeconds(60), doc -> doc.getInt("counts.synced") >= 500);
            first.kill9();
        }
        try (App second = App.create("h2-second", customerIo.baseUrl(), LOGS)
                .prop("cio-sync.data-dir", data.toString())
                .start()) {
            assertCompletedExactlyOnce(ItJobs.awaitFinished(second, id, Duration.ofMinutes(4)));
        }
    }

    @Test
    void killNineOnPostgresThenRestartCompletesTheJob() throws Exception {
        pg = Pg.schema();
        String id;
        try (App first = App.create("pg-first", customerIo.baseUrl(), LOGS)
                .env("CIO_SYNC_DB_URL", pg.url())
                .start()) {
            id = ItJobs.submit(first, ItJobs.job("k", USERS, 25));
            ItJobs.await(first, id, Duration.ofSeconds(60), doc -> doc.getInt("counts.synced") >= 500);
            first.kill9();
        }
        try (App second = App.create("pg-second", customerIo.baseUrl(), LOGS)
                .env("CIO_SYNC_DB_URL", pg.url())
                .start()) {
            assertCompletedExactlyOnce(ItJobs.awaitFinished(second, id, Duration.ofMinutes(4)));
        }
    }

    @Test
    void sigtermDrainsWithinTheGracePeriodAndTheOtherReplicaFinishes() throws Exception {
        pg = Pg.schema();
        try (App a = App.create("term-a", customerIo.baseUrl(), LOGS)
                        .env("CIO_SYNC_DB_URL", pg.url())
                        .start();
                App b = App.create("term-b", customerIo.baseUrl(), LOGS)
                        .env("CIO_SYNC_DB_URL", pg.url())
                        .start()) {
            String id = ItJobs.submit(a, ItJobs.job("t", USERS, 25));
            ItJobs.await(a, id, Duration.ofSeconds(60), doc -> doc.getInt("counts.synced") >= 300);

            App.Termination end = a.terminate(Duration.ofSeconds(40));

            assertThat(end.readinessWentDown()).as("readiness DOWN before exit").isTrue();
            assertThat(end.exitAfter())
                    .as("exit after SIGTERM")
                    .isLessThan(Duration.ofSeconds(30)); // 3 s delay + 20 s grace + 3 s recording + 2 s quiet
            assertThat(a.logText()).contains("delivery stopped");
            assertCompletedExactlyOnce(ItJobs.awaitFinished(b, id, Duration.ofMinutes(4)));
        }
    }

    private void assertCompletedExactlyOnce(JsonPath job) {
        assertThat(job.getString("status")).isEqualTo("succeeded");
        assertThat(job.getInt("counts.total")).isEqualTo(USERS);
        assertThat(job.getInt("counts.synced")).isEqualTo(USERS);
        assertThat(job.getInt("counts.pending") + job.getInt("counts.failed")).isZero();
        assertThat(customerIo.peopleCount()).isEqualTo(USERS);
        String prefix = job.getString("users[0].userId").substring(0, 1);
        for (int i = 0; i < USERS; i += 97) {
            assertThat(customerIo.person(prefix + i))
                    .contains(Map.of("name", "User " + i, "plan", i % 2 == 0 ? "pro" : "free"));
        }
    }
}
