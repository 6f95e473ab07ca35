package io.ciosync.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.ciosync.CustomerIoStandInResource;
import io.ciosync.Jobs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Too much of anything is a 413 problem naming the limit, with no job left: the body, users per job, one user's
 * record, the config, a referenced file. The limits are set small here to show they are configurable.
 */
@QuarkusTest
@TestProfile(RequestLimitsTest.SmallLimits.class)
@WithTestResource(CustomerIoStandInResource.class)
class RequestLimitsTest extends BadInputCase {

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.http.limits.max-body-size",
                    "256K",
                    "cio-sync.max-users-per-job",
                    "10",
                    "cio-sync.max-user-record-size",
                    "2K",
                    "cio-sync.max-file-size",
                    "4K");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aBodyAnnouncedOverTheLimitIsRefusedBeforeItIsRead() {
        JsonPath problem = refused(
                given().contentType(ContentType.JSON)
                        .body(body(Jobs.users("u", 1), 300_000))
                        .post("/syncs"),
                413,
                "body");

        assertThat(problem.getString("detail")).contains("262144 bytes (quarkus.http.limits.max-body-size)");
    }

    /** Without Content-Length the size is only known while reading: Quarkus cuts it with a plain 413. */
    @Test
    void aStreamedBodyWithoutLengthIsCutAtTheLimit() {
        byte[] body = body(Jobs.users("u", 1), 300_000).getBytes(StandardCharsets.UTF_8);

        assertThat(given().contentType(ContentType.JSON)
                        .body(new ByteArrayInputStream(body))
                        .post("/syncs")
                        .statusCode())
                .isEqualTo(413);
        assertThat(given().multiPart("config", "config.json", Jobs.ORIGINAL_CONFIG.getBytes(), "application/json")
                        .multiPart(
                                "data", "data.json", ("[" + " ".repeat(300_000) + "]").getBytes(), "application/json")
                        .post("/syncs")
                        .statusCode())
                .isEqualTo(413);
        assertThat(rows()).isEqualTo(rowsAtStart());
    }

    @Test
    void moreUsersThanAJobMayHoldAreRefused() {
        JsonPath problem = refused(
                given().contentType(ContentType.JSON)
                        .body(body(Jobs.users("u", 11), 0))
                        .post("/syncs"),
                413,
                "data");

        assertThat(problem.getString("errors[0].message")).contains("more than 10 users (cio-sync.max-users-per-job)");
    }

    @Test
    void exactlyAsManyUsersAsAJobMayHoldAreAccepted() {
        acceptedWhole(
                given().contentType(ContentType.JSON)
                        .body(body(Jobs.users("u", 10), 0))
                        .post("/syncs"),
                10);
    }

    @Test
    void moreUsersThanAJobMayHoldInADataFileAreRefused() throws IOException {
        Path file = Files.createDirectories(Path.of("target/test-files/team-a/limits"))
                .resolve("eleven.json");
        Files.writeString(file, JSON.writeValueAsString(Jobs.users("f", 11)));

        refused(
                given().contentType(ContentType.JSON)
                        .body(Map.of("config", Jobs.config(5), "dataFile", "limits/eleven.json"))
                        .post("/syncs"),
                413,
                "dataFile");
    }

    @Test
    void aUserRecordOverItsLimitIsRefused() {
        JsonPath problem = refused(
                given().contentType(ContentType.JSON)
                        .body(Map.of(
                                "config",
                                Jobs.config(5),
                                "data",
                                java.util.List.of(
                                        Map.of("uid", "small"), Map.of("uid", "big", "name", "n".repeat(3000)))))
                        .post("/syncs"),
                413,
                "data[1]");

        assertThat(problem.getString("errors[0].message")).contains("2048 bytes (cio-sync.max-user-record-size)");
    }

    @Test
    void aConfigOverItsLimitIsRefused() {
        Map<String, Object> config = Jobs.config(5);
        config.put("padding", "p".repeat(70_000));

        refused(
                given().contentType(ContentType.JSON)
                        .body(Map.of("config", config, "data", Jobs.users("u", 1)))
                        .post("/syncs"),
                413,
                "config");
    }

    @Test
    void aConfigFileOverItsLimitIsRefused() throws IOException {
        Map<String, Object> config = Jobs.config(5);
        config.put("padding", "p".repeat(70_000));
        Path file = Files.createDirectories(Path.of("target/test-files/team-a/limits"))
                .resolve("big-config.json");
        Files.writeString(file, JSON.writeValueAsString(config));

        refused(
                given().contentType(ContentType.JSON)
                        .body(Map.of("configFile", "limits/big-config.json", "data", Jobs.users("u", 1)))
                        .post("/syncs"),
                413,
                "configFile");
    }

    @Test
    void aDataFileOverTheFileLimitIsRefused() throws IOException {
        Path file = Files.createDirectories(Path.of("target/test-files/team-a/limits"))
                .resolve("big-data.json");
        Files.writeString(file, "[" + " ".repeat(5000) + "]");

        JsonPath problem = refused(
                given().contentType(ContentType.JSON)
                        .body(Map.of("config", Jobs.config(5), "dataFile", "limits/big-data.json"))
                        .post("/syncs"),
                413,
                "dataFile");

        assertThat(problem.getString("errors[0].message")).contains("cio-sync.max-file-size");
    }

    /** A JSON body with these users and {@code padding} spaces before its end. */
    private static String body(Object users, int padding) {
        try {
            return "{\"config\": " + JSON.writeValueAsString(Jobs.config(5)) + ", \"data\": "
                    + JSON.writeValueAsString(users) + " ".repeat(padding) + "}";
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
