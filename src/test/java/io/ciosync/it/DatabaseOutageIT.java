package io.ciosync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ciosync.CustomerIoStandIn;
import io.restassured.path.json.JsonPath;

/**
 * PostgreSQL stopped in the middle of a job, for 10 s and for 60 s, under one replica and under two: the job ends
 * {@code succeeded} with every user at Customer.io and counted exactly once, and each replica's log tells the outage
 * in three kinds of line (one WARN when it starts, one a minute while it lasts, one INFO when it ends), with no
 * stack trace. The database is a private cluster of this class, stopped for real; one cluster serves every case,
 * each case on a database of its own.
 */
class DatabaseOutageIT {

    private static final Path LOGS = Path.of("target/it-logs/db-outage");
    private static final int USERS = 4_000;
    /** The database is stopped once Customer.io holds this many users: a quarter of the job. */
    private static final int STOP_AT = USERS / 4;

    private static PrivatePg cluster;
    private CustomerIoStandIn customerIo;
    private final List<App> apps = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = PrivatePg.start(Path.of("target/pg-outage"));
    }

    @AfterAll
    static void destroyCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void startStandIn() {
        customerIo = CustomerIoStandIn.start(0);
        customerIo.latency(Duration.ofMillis(50)); // 20 in flight: ~400 users/s, ~10 s for the job
    }

    @AfterEach
    void stop() throws Exception {
        for (App app : apps) {
            app.close();
        }
        customerIo.close();
        cluster.start(); // running again, if a failed case left it stopped
    }

    @Test
    void tenSecondsUnderOneReplica() throws Exception {
        outage("one10", 1, Duration.ofSeconds(10));
    }

    @Test
    void sixtySecondsUnderOneReplica() throws Exception {
        outage("one60", 1, Duration.ofSeconds(60));
    }

    @Test
    void tenSecondsUnderTwoReplicas() throws Exception {
        outage("two10", 2, Duration.ofSeconds(10));
    }

    @Test
    void sixtySecondsUnderTwoReplicas() throws Exception {
        outage("two60", 2, Duration.ofSeconds(60));
    }

    private void outage(String name, int replicas, Duration outage) throws Exception {
        String url = cluster.createDatabase(name);
        for (int i = 0; i < replicas; i++) {
            App app = App.create(name + "-" + i, customerIo.baseUrl(), LOGS).env("CIO_SYNC_DB_URL", url);
            apps.add(app); // closed after the case even if it never became ready
            app.start();
        }
        Map<String, Object> body = ItJobs.job(name, USERS, 20);
        @SuppressWarnings("unchecked")
        Map<String, Object> config = (Map<String, Object>) body.get("config");
        config.put("api", "v1"); // one request per user: chunks of 500, four per replica in flight
        long submitted = System.nanoTime();
        String id = ItJobs.submit(apps.get(0), body);
        await("Customer.io holds " + STOP_AT + " users").atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(20)).until(() -> customerIo.peopleCount() >= STOP_AT);

        cluster.stop();
        int atStop = customerIo.peopleCount();
        Thread.sleep(outage.toMillis()); // the outage itself: the database stays down this long
        int atStart = customerIo.peopleCount();
        cluster.start();
        long restarted = System.nanoTime();

        JsonPath job = ItJobs.awaitFinished(apps.get(0), id, Duration.ofMinutes(3));
        System.out.printf("%s: %d replica(s), PostgreSQL stopped for %s at %d users at Customer.io (%d when it "
                + "started again); the job took %.1f s, %.1f s after the restart; %d requests for %d users%n", name,
                replicas, outage, atStop, atStart, (System.nanoTime() - submitted) / 1e9,
                (System.nanoTime() - restarted) / 1e9, customerIo.requestCount(), USERS);
        assertThat(atStop).as("stopped mid-job").isLessThan(USERS);
        assertThat(job.getString("status")).isEqualTo("succeeded");
        assertThat(job.getInt("counts.total")).isEqualTo(USERS);
        assertThat(job.getInt("counts.synced")).isEqualTo(USERS);
        assertThat(job.getInt("counts.pending") + job.getInt("counts.failed")).isZero();
        assertThat(customerIo.peopleCount()).isEqualTo(USERS);
        for (int i = 0; i < USERS; i += 97) {
            assertThat(customerIo.person(name + i)).contains(Map.of("name", "User " + i,
                    "plan", i % 2 == 0 ? "pro" : "free"));
        }
        for (App app : apps) {
            assertOutageLogged(app, outage);
        }
    }

    /** One WARN when the outage starts, at most one line a minute while it lasts, one INFO when it ends. */
    private static void assertOutageLogged(App app, Duration outage) throws Exception {
        List<String> lines = app.logText().lines().toList();
        assertThat(lines).as("outage starts").filteredOn(l -> l.contains("the database is out of reach ("))
                .singleElement().asString().contains("WARN");
        assertThat(lines).as("outage ends").filteredOn(l -> l.contains("the database is reachable again after"))
                .singleElement().asString().contains("INFO");
        assertThat(lines).as("reminders").filteredOn(l -> l.contains("the database is still out of reach"))
                .hasSizeLessThanOrEqualTo((int) outage.toMinutes() + 1);
        // a loaded machine may log Vert.x's blocked-thread warnings with their stacks: only the database's count here
        assertThat(lines).as("no error, no database stack trace").noneMatch(l -> l.contains(" ERROR ")
                || l.startsWith("Exception in thread") || l.contains("SQLException") || l.contains("StoreException"));
    }
}
