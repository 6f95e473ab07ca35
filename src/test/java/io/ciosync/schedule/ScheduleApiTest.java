package io.ciosync.schedule;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
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

/** {@code /schedules}: create, validate, list, read with recent runs, delete; the API key never shown. */
@QuarkusTest
@WithTestResource(CustomerIoStandInResource.class)
class ScheduleApiTest {

    static final Path FILES = Path.of("target/test-files/team-a/schedules");

    @InjectCustomerIo
    CustomerIoStandIn customerIo;

    @Inject
    Database db;

    @BeforeEach
    void files() throws IOException {
        customerIo.reset();
        Files.createDirectories(FILES);
        Files.writeString(FILES.resolve("data.json"), Jobs.ORIGINAL_DATA);
        Files.writeString(FILES.resolve("config.json"), Jobs.ORIGINAL_CONFIG);
    }

    @AfterEach
    void deleteAll() {
        ScheduleFixtures.deleteAll();
    }

    @Test
    void aScheduleStartsAJobAtEachTickAndIsListedReadAndDeleted() {
        String id = given().contentType(ContentType.JSON)
                .body(Map.of(
                        "cron",
                        "0/2 * * * * ?",
                        "config",
                        JsonPath.from(Jobs.ORIGINAL_CONFIG).getMap(""),
                        "dataFile",
                        "schedules/data.json"))
                .when()
                .post("/schedules")
                .then()
                .statusCode(201)
                .header("Location", org.hamcrest.Matchers.matchesPattern("/schedules/[0-9a-f-]+"))
                .body("cron", equalTo("0/2 * * * * ?"))
                .body("timeZone", equalTo("UTC"))
                .body("job.config.api-key", equalTo("****"))
                .body("job.dataFile", equalTo("schedules/data.json"))
                .body("nextFireAt", notNullValue())
                .body("skippedTicks", equalTo(0))
                .extract()
                .path("id");
        given().get("/schedules").then().statusCode(200).body("items.id", hasItem(id));

        JsonPath schedule = await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> ScheduleFixtures.get(id),
                        s -> s.getList("recentRuns.findAll { it.jobStatus == 'succeeded' }")
                                        .size()
                                >= 2);

        List<Map<String, Object>> runs = schedule.getList("recentRuns");
        for (Map<String, Object> run : runs) {
            OffsetDateTime fireTime = OffsetDateTime.parse((String) run.get("fireTime"));
            assertThat(fireTime.getSecond() % 2)
                    .as("fires on the cron's seconds")
                    .isZero();
            assertThat(Duration.between(fireTime, OffsetDateTime.parse((String) run.get("firedAt"))))
                    .as("fired on time")
                    .isBetween(Duration.ZERO, Duration.ofSeconds(2));
        }
        String jobId = schedule.getString("recentRuns.find { it.jobStatus == 'succeeded' }.jobId");
        given().get("/syncs/" + jobId).then().statusCode(200).body("counts.synced", equalTo(2));
        assertThat(customerIo.person("123")).contains(Map.of("name", "John Doe"));

        given().delete("/schedules/" + id).then().statusCode(204);
        given().get("/schedules/" + id).then().statusCode(404).contentType("application/problem+json");
        given().delete("/schedules/" + id).then().statusCode(404);
        given().get("/schedules").then().statusCode(200).body("items.id", org.hamcrest.Matchers.not(hasItem(id)));
        long runsAtDeletion = ScheduleFixtures.settledRuns(db, id);
        await().during(Duration.ofSeconds(5))
                .atMost(Duration.ofSeconds(7))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> ScheduleFixtures.runs(db, id) == runsAtDeletion);
    }

    @Test
    void everyProblemOfTheCronAndTheJobIsA400AndNoScheduleIsCreated() {
        int before = given().get("/schedules")
                .then()
                .extract()
                .jsonPath()
                .getList("items")
                .size();

        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "cron",
                        "every night at two",
                        "config",
                        Map.of(
                                "site-id",
                                "s",
                                "api-key",
                                "k",
                                "userId",
                                "uid",
                                "parallelism",
                                0,
                                "mappings",
                                List.of(Map.of("from", "a", "to", "b"))),
                        "dataFile",
                        "schedules/missing.json",
                        "skipUnchanged",
                        "yes",
                        "timeZone",
                        "Mars/Olympus"))
                .when()
                .post("/schedules")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body(
                        "errors.field",
                        org.hamcrest.Matchers.containsInAnyOrder(
                                "timeZone", "skipUnchanged", "config.parallelism", "dataFile"));
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "cron",
                        "0 0 2 * * * *",
                        "configFile",
                        "schedules/config.json",
                        "dataFile",
                        "schedules/data.json"))
                .when()
                .post("/schedules")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("cron"))
                .body("errors[0].message", startsWith("is not a Quartz cron expression"));
        given().contentType(ContentType.JSON)
                .body(Map.of("cron", "0 0 2 * * ?", "config", Jobs.config(1), "data", List.of(Map.of("uid", "1"))))
                .when()
                .post("/schedules")
                .then()
                .statusCode(400)
                .body("errors.field", equalTo(List.of("data")));

        assertThat(given().get("/schedules").then().extract().jsonPath().getList("items"))
                .hasSize(before);
    }

    @Test
    void theApiKeyIsStoredEncryptedAndNeverShown() throws Exception {
        Map<String, Object> config = new java.util.LinkedHashMap<>(Jobs.config(1));
        config.put("api-key", "sched-secret-key-4711");
        String created = given().contentType(ContentType.JSON)
                .body(Map.of("cron", "0 0 3 * * ?", "config", config, "dataFile", "schedules/data.json"))
                .when()
                .post("/schedules")
                .then()
                .statusCode(201)
                .extract()
                .asString();
        String id = JsonPath.from(created).getString("id");

        assertThat(created).doesNotContain("sched-secret-key-4711");
        assertThat(given().get("/schedules/" + id).asString()).doesNotContain("sched-secret-key-4711");
        assertThat(given().get("/schedules").asString()).doesNotContain("sched-secret-key-4711");
        assertThat(ScheduleFixtures.storedRow(db, id))
                .doesNotContain("sched-secret-key-4711")
                .contains("v1:");
    }

    @Test
    void skipUnchangedIsStoredAndHandedToEachJobsConfig() {
        String id = given().contentType(ContentType.JSON)
                .body(Map.of(
                        "cron",
                        "* * * * * ?",
                        "configFile",
                        "schedules/config.json",
                        "dataFile",
                        "schedules/data.json",
                        "skipUnchanged",
                        true))
                .when()
                .post("/schedules")
                .then()
                .statusCode(201)
                .body("skipUnchanged", equalTo(true))
                .body("job.configFile", equalTo("schedules/config.json"))
                .extract()
                .path("id");

        String jobId = await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> ScheduleFixtures.get(id).getString("recentRuns.find { it.jobStatus != null }.jobId"),
                        j -> j != null);
        given().delete("/schedules/" + id).then().statusCode(204);

        JsonPath job = Jobs.awaitFinished(jobId);
        // skipUnchanged is a job option now (issue 7): honoured, not an ignored key
        assertThat(job.getBoolean("config.skipUnchanged")).isTrue();
        assertThat(job.getList("warnings", String.class)).noneMatch(w -> w.contains("'skipUnchanged'"));
        assertThat(job.getString("status")).isEqualTo("succeeded");
    }
}
