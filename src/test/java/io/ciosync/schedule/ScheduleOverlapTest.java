package io.ciosync.schedule;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ciosync.CustomerIoStandIn;
import io.ciosync.CustomerIoStandInResource;
import io.ciosync.InjectCustomerIo;
import io.ciosync.Jobs;
import io.ciosync.store.Database;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** A tick that comes while the schedule's previous job still runs starts nothing, and is counted. */
@QuarkusTest
@WithTestResource(CustomerIoStandInResource.class)
class ScheduleOverlapTest {

    @InjectCustomerIo
    CustomerIoStandIn customerIo;

    @Inject
    Database db;

    @BeforeEach
    void files() throws IOException {
        customerIo.reset();
        Files.createDirectories(ScheduleApiTest.FILES);
        Files.writeString(ScheduleApiTest.FILES.resolve("data.json"), Jobs.ORIGINAL_DATA);
    }

    @AfterEach
    void deleteAll() {
        ScheduleFixtures.deleteAll();
        customerIo.reset();
    }

    @Test
    void ticksWhileThePreviousJobRunsAreSkippedAndCountedAndJobsNeverOverlap() {
        customerIo.latency(Duration.ofMillis(1500)); // 2 users, one at a time: a job outlives the next ticks
        Map<String, Object> config = new java.util.LinkedHashMap<>(
                JsonPath.from(Jobs.ORIGINAL_CONFIG).getMap(""));
        config.put("parallelism", 1);
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("cron", "* * * * * ?", "config", config, "dataFile", "schedules/data.json"))
                .when()
                .post("/schedules")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        JsonPath schedule = await().atMost(Duration.ofSeconds(40))
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> ScheduleFixtures.get(id),
                        s -> s.getInt("skippedTicks") >= 3
                                && s.getList("recentRuns.findAll { it.jobStatus == 'succeeded' }")
                                                .size()
                                        >= 2);
        given().delete("/schedules/" + id).then().statusCode(204);

        assertThat(schedule.getList("recentRuns.findAll { it.outcome == 'skipped' }.error", String.class))
                .isNotEmpty()
                .allMatch(e -> e.contains("previous job of this schedule was still running"));
        assertThat(ScheduleFixtures.count(
                        db, "SELECT COUNT(*) FROM schedule_run WHERE schedule_id = ? " + "AND outcome = 'skipped'", id))
                .as("every skipped tick is counted")
                .isEqualTo(ScheduleFixtures.count(db, "SELECT skipped_ticks FROM sync_schedule WHERE id = ?", id));
        List<JsonPath> jobs =
                schedule.getList("recentRuns.findAll { it.jobStatus == 'succeeded' }.jobId", String.class).stream()
                        .map(job ->
                                given().get("/syncs/" + job).then().extract().jsonPath())
                        .sorted(Comparator.comparing(j -> OffsetDateTime.parse(j.getString("createdAt"))))
                        .toList();
        for (int i = 1; i < jobs.size(); i++) {
            assertThat(OffsetDateTime.parse(jobs.get(i).getString("createdAt")))
                    .as("a job starts only after the previous one finished")
                    .isAfterOrEqualTo(OffsetDateTime.parse(jobs.get(i - 1).getString("finishedAt")));
        }
    }
}
