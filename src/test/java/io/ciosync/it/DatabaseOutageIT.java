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
import org.junit.jupiter.api.Test;

import io.ciosync.CustomerIoStandIn;
import io.restassured.path.json.JsonPath;

/**
 * PostgreSQL stopped in the middle of a job, for 10 s and then for 60 s, under one replica and under two: each job ends
 * {@code succeeded} with every user at Customer.io and counted exactly once, and each replica's log tells each outage
 * in three kinds of line (one WARN when it starts, one a minute while it lasts, one INFO when it ends), with no stack
 * trace. The database is a private cluster of this class, stopped for real. The two setups run side by side, each on a
 * database of its own in that cluster and with a Customer.io of its own, so that every outage happens in the middle of
 * both jobs; the second outage starts once both jobs have moved on after the first.
 */
class DatabaseOutageIT {

    private static final Path LOGS = Path.of("target/it-logs/db-outage");
    private static final int USERS = 6_000;
    /** The database is first stopped once each Customer.io holds this many users. */
    private static final int STOP_AT = USERS / 6;
    /** Users each job must deliver after the first outage before the second one starts. */
    private static final int MOVED_ON = 300;

    private static final List<Duration> OUTAGES = List.of(Duration.ofSeconds(10), Duration.ofSeconds(60));

    private static PrivatePg cluster;
    private final List<Setup> setups = new ArrayList<>();

    /** One job's replicas, its Customer.io and what was seen of it at each stop. */
    private record Setup(
            String name, int replicas, CustomerIoStandIn customerIo, List<App> apps, List<Integer> atStops) {

        /** The replicas are created, not started: closed after the case however far they got. */
        static Setup create(String name, int replicas, String url) throws Exception {
            CustomerIoStandIn customerIo = CustomerIoStandIn.start(0);
            customerIo.latency(Duration.ofMillis(50)); // 20 in flight: ~400 users/s per replica
            Setup setup = new Setup(name, replicas, customerIo, new ArrayList<>(), new ArrayList<>());
            for (int i = 0; i < replicas; i++) {
                setup.apps.add(
                        App.create(name + "-" + i, customerIo.baseUrl(), LOGS).env("CIO_SYNC_DB_URL", url));
            }
            return setup;
        }

        int delivered() {
            return customerIo.peopleCount();
        }
    }

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

    @AfterEach
    void stop() throws Exception {
        for (Setup setup : setups) {
            for (App app : setup.apps) {
                app.close();
            }
            setup.customerIo.close();
        }
        cluster.start(); // running again, if a failed case left it stopped
    }

    @Test
    void tenThenSixtySecondsUnderOneReplicaAndUnderTwo() throws Exception {
        setups.add(Setup.create("one", 1, cluster.createDatabase("one")));
        setups.add(Setup.create("two", 2, cluster.createDatabase("two")));
        // the three replicas start side by side: a JVM's start is mostly one thread
        setups.stream().flatMap(setup -> setup.apps.stream()).toList().parallelStream()
                .forEach(DatabaseOutageIT::start);
        Map<String, String> ids = new java.util.LinkedHashMap<>();
        long submitted = System.nanoTime();
        for (Setup setup : setups) {
            Map<String, Object> body = ItJobs.job(setup.name, USERS, 20);
            @SuppressWarnings("unchecked")
            Map<String, Object> config = (Map<String, Object>) body.get("config");
            config.put("api", "v1"); // one request per user: chunks of 500, four per replica in flight
            ids.put(setup.name, ItJobs.submit(setup.apps.get(0), body));
        }
        int[] threshold = new int[setups.size()];
        java.util.Arrays.fill(threshold, STOP_AT);
        for (Duration outage : OUTAGES) {
            await("each Customer.io holds its threshold of users")
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> java.util.stream.IntStream.range(0, setups.size())
                            .allMatch(i -> setups.get(i).delivered() >= threshold[i]));
            cluster.stop();
            for (Setup setup : setups) {
                setup.atStops.add(setup.delivered());
            }
            Thread.sleep(outage.toMillis()); // the outage itself: the database stays down this long
            cluster.start();
            for (int i = 0; i < setups.size(); i++) {
                threshold[i] = setups.get(i).delivered() + MOVED_ON;
            }
        }
        long restarted = System.nanoTime();

        for (Setup setup : setups) {
            JsonPath job = ItJobs.awaitFinished(setup.apps.get(0), ids.get(setup.name), Duration.ofMinutes(3));
            System.out.printf(
                    "%s: %d replica(s), PostgreSQL stopped for %s at %s users at Customer.io; the job took "
                            + "%.1f s, %.1f s after the last restart; %d requests for %d users%n",
                    setup.name,
                    setup.replicas,
                    OUTAGES,
                    setup.atStops,
                    (System.nanoTime() - submitted) / 1e9,
                    (System.nanoTime() - restarted) / 1e9,
                    setup.customerIo.requestCount(),
                    USERS);
            assertThat(setup.atStops)
                    .as("%s: each outage in the middle of the job", setup.name)
                    .allSatisfy(n -> assertThat(n).isLessThan(USERS));
            assertThat(job.getString("status")).isEqualTo("succeeded");
            assertThat(job.getInt("counts.total")).isEqualTo(USERS);
            assertThat(job.getInt("counts.synced")).isEqualTo(USERS);
            assertThat(job.getInt("counts.pending") + job.getInt("counts.failed"))
                    .isZero();
            assertThat(setup.delivered()).isEqualTo(USERS);
            for (int i = 0; i < USERS; i += 97) {
                assertThat(setup.customerIo.person(setup.name + i))
                        .contains(Map.of("name", "User " + i, "plan", i % 2 == 0 ? "pro" : "free"));
            }
            for (App app : setup.apps) {
                assertOutagesLogged(app);
            }
        }
    }

    private static void start(App app) {
        try {
            app.start();
        } catch (Exception e) {
            throw new IllegalStateException(app + " did not start", e);
        }
    }

    /** For each outage: one WARN when it starts, at most one line a minute while it lasts, one INFO when it ends. */
    private static void assertOutagesLogged(App app) throws Exception {
        List<String> lines = app.logText().lines().toList();
        assertThat(lines)
                .as("outages start")
                .filteredOn(l -> l.contains("the database is out of reach ("))
                .hasSize(OUTAGES.size())
                .allSatisfy(l -> assertThat(l).contains("WARN"));
        assertThat(lines)
                .as("outages end")
                .filteredOn(l -> l.contains("the database is reachable again after"))
                .hasSize(OUTAGES.size())
                .allSatisfy(l -> assertThat(l).contains("INFO"));
        assertThat(lines)
                .as("reminders")
                .filteredOn(l -> l.contains("the database is still out of reach"))
                .hasSizeLessThanOrEqualTo(
                        OUTAGES.stream().mapToInt(o -> (int) o.toMinutes() + 1).sum());
        // a loaded machine may log Vert.x's blocked-thread warnings with their stacks: only the database's count here
        assertThat(lines)
                .as("no error, no database stack trace")
                .noneMatch(l -> l.contains(" ERROR ")
                        || l.startsWith("Exception in thread")
                        || l.contains("SQLException")
                        || l.contains("StoreException"));
    }
}
