package io.ciosync.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ciosync.Jobs;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * A schedule firing every three seconds on two replicas of the packaged application sharing PostgreSQL: each tick
 * starts exactly one job, on time, and none starts once the schedule is deleted.
 */
class SchedulesIT extends PgCase {

    private static final Path LOGS = Path.of("target/it-logs/schedules");
    private static final Duration PERIOD = Duration.ofSeconds(3);

    @TempDir
    Path files;

    @BeforeEach
    void start() throws Exception {
        // the files of tenant "it" (App.TOKEN) are in its own directory under the files root
        Files.writeString(Files.createDirectories(files.resolve("it")).resolve("data.json"), Jobs.ORIGINAL_DATA);
    }

    private App replica(String name) {
        return App.create(name, customerIo.baseUrl(), LOGS)
                .env("CIO_SYNC_DB_URL", pg.url())
                .prop("cio-sync.files-root", files.toString());
    }

    @Test
    void twoReplicasStartExactlyOneJobPerTickOnTimeAndNoneAfterTheScheduleIsDeleted() throws Exception {
        // ticking at different rates, the replicas take turns being first after a fire time: both contend for ticks
        try (App a = replica("a").start();
                App b = replica("b").prop("cio-sync.schedules.tick", "700ms").start()) {
            String id = given().baseUri(a.url())
                    .auth()
                    .oauth2(App.TOKEN)
                    .contentType(ContentType.JSON)
                    .body(Map.of(
                            "cron",
                            "0/3 * * * * ?",
                            "config",
                            v1(JsonPath.from(Jobs.ORIGINAL_CONFIG).getMap("")),
                            "dataFile",
                            "data.json"))
                    .when()
                    .post("/schedules")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");

            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> pg.count("SELECT COUNT(*) FROM schedule_run WHERE outcome = 'started'") >= 5);
            given().baseUri(b.url())
                    .auth()
                    .oauth2(App.TOKEN)
                    .delete("/schedules/" + id)
                    .then()
                    .statusCode(204);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> pg.count("SELECT COUNT(*) FROM schedule_run WHERE outcome = 'starting'") == 0);
            long runs = pg.count("SELECT COUNT(*) FROM schedule_run");
            long jobs = pg.count("SELECT COUNT(*) FROM sync_job");
            await("nothing fires after the deletion")
                    .during(PERIOD.multipliedBy(3))
                    .atMost(PERIOD.multipliedBy(4))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> pg.count("SELECT COUNT(*) FROM schedule_run") == runs
                            && pg.count("SELECT COUNT(*) FROM sync_job") == jobs);

            List<Run> all = runs(pg.url());
            // a tick that finds the previous job still running is skipped (and counted) instead, as specified
            assertThat(all)
                    .as("every tick handled once: started, or skipped while the last job ran")
                    .allMatch(r -> r.outcome().equals("started") || r.outcome().equals("skipped"));
            long started =
                    all.stream().filter(r -> r.outcome().equals("started")).count();
            assertThat(started).isGreaterThanOrEqualTo(5);
            assertThat(jobs)
                    .as("exactly one job per started tick, none from the replica that lost the claim")
                    .isEqualTo(started);
            assertThat(pg.count("SELECT COUNT(DISTINCT r.job_id) FROM schedule_run r JOIN sync_job j "
                            + "ON j.id = r.job_id"))
                    .isEqualTo(started);
            for (int i = 0; i < all.size(); i++) {
                Run run = all.get(i);
                assertThat(run.fireTime().getSecond() % 3)
                        .as("on the cron's seconds")
                        .isZero();
                assertThat(Duration.between(run.fireTime(), run.firedAt()))
                        .as("claimed on time")
                        .isBetween(Duration.ZERO, Duration.ofMillis(2500));
                if (run.outcome().equals("started")) {
                    assertThat(Duration.between(run.fireTime(), run.jobCreatedAt()))
                            .as("job created on time")
                            .isBetween(Duration.ZERO, Duration.ofSeconds(3));
                }
                if (i > 0) {
                    assertThat(Duration.between(all.get(i - 1).fireTime(), run.fireTime()))
                            .as("no tick missed or doubled")
                            .isEqualTo(PERIOD);
                }
            }
            assertThat(all.getLast().firedAt()).isBefore(deletedAt(pg.url()));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> pg.count("SELECT COUNT(*) FROM sync_job " + "WHERE status = 'succeeded'") == jobs);
            assertThat(customerIo.identifyCount("123"))
                    .as("each job sent each user once")
                    .isEqualTo(started);
            assertThat(customerIo.person("456")).contains(Map.of("name", "Jane Smith"));
        }
    }

    /** The original config with one identify per user, so the stand-in's identify counts prove each job ran. */
    private static Map<String, Object> v1(Map<String, Object> config) {
        Map<String, Object> v1 = new java.util.LinkedHashMap<>(config);
        v1.put("api", "v1");
        return v1;
    }

    private record Run(
            OffsetDateTime fireTime,
            OffsetDateTime firedAt,
            String firedBy,
            String outcome,
            OffsetDateTime jobCreatedAt) {}

    private static List<Run> runs(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT r.fire_time, r.fired_at, r.fired_by, r.outcome, j.created_at "
                        + "FROM schedule_run r LEFT JOIN sync_job j ON j.id = r.job_id ORDER BY r.fire_time")) {
            List<Run> runs = new ArrayList<>();
            while (rs.next()) {
                runs.add(new Run(
                        rs.getObject(1, OffsetDateTime.class),
                        rs.getObject(2, OffsetDateTime.class),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class)));
            }
            return runs;
        }
    }

    private static OffsetDateTime deletedAt(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT deleted_at FROM sync_schedule")) {
            rs.next();
            return rs.getObject(1, OffsetDateTime.class);
        }
    }
}
