package io.ciosync.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ciosync.CustomerIoStandInResource;
import io.ciosync.Jobs;
import io.ciosync.job.Database;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Every bad request answers 400 problem+json naming every problem, and leaves no job behind. */
@QuarkusTest
@QuarkusTestResource(CustomerIoStandInResource.class)
class BadRequestTest {

    private static final String CONFIG = Jobs.ORIGINAL_CONFIG;
    private static final String DATA = Jobs.ORIGINAL_DATA;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Database db;

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("malformed JSON", "{\"config\": " + CONFIG + ", \"data\": [1, 2", List.of("body")),
                Arguments.of("not an object", "[1, 2, 3]", List.of("body")),
                Arguments.of("nothing at all", "{}", List.of("config", "data")),
                Arguments.of("data not an array", "{\"config\": " + CONFIG + ", \"data\": {\"a\": 1}}",
                        List.of("data")),
                Arguments.of("config not an object", "{\"config\": \"config.json\", \"data\": " + DATA + "}",
                        List.of("config")),
                Arguments.of("missing config keys", "{\"config\": {\"mappings\": [{\"from\": \"a\", \"to\": \"b\"}]}, "
                        + "\"data\": " + DATA + "}", List.of("config.api-key", "config.site-id", "config.userId")),
                Arguments.of("mistyped config keys", "{\"config\": {\"site-id\": 5, \"api-key\": \"k\", \"userId\": "
                        + "[\"id\"], \"parallelism\": \"25\", \"mappings\": {}}, \"data\": " + DATA + "}",
                        List.of("config.mappings", "config.parallelism", "config.site-id", "config.userId")),
                Arguments.of("empty mappings", config("\"mappings\": []"), List.of("config.mappings")),
                Arguments.of("two mappings to one name", config("\"mappings\": [{\"from\": \"a\", \"to\": \"n\"}, "
                        + "{\"from\": \"b\", \"to\": \"n\"}]"), List.of("config.mappings[1].to")),
                Arguments.of("mapping without from", config("\"mappings\": [{\"to\": \"n\"}]"),
                        List.of("config.mappings[0].from")),
                Arguments.of("parallelism 0", config("\"parallelism\": 0"), List.of("config.parallelism")),
                Arguments.of("parallelism -1", config("\"parallelism\": -1"), List.of("config.parallelism")),
                Arguments.of("parallelism 201", config("\"parallelism\": 201"), List.of("config.parallelism")),
                Arguments.of("parallelism 10^9", config("\"parallelism\": 1000000000"), List.of("config.parallelism")),
                Arguments.of("unknown region", config("\"region\": \"ap\""), List.of("config.region")),
                Arguments.of("unknown api", config("\"api\": \"v3\""), List.of("config.api")),
                Arguments.of("api not a string", config("\"api\": 2"), List.of("config.api")),
                Arguments.of("rateLimit 0", config("\"rateLimit\": 0"), List.of("config.rateLimit")),
                Arguments.of("rateLimit a decimal", config("\"rateLimit\": 2.5"), List.of("config.rateLimit")),
                Arguments.of("unknown request field", "{\"config\": " + CONFIG + ", \"data\": " + DATA
                        + ", \"datafile\": \"x\"}", List.of("datafile")),
                Arguments.of("both data and dataFile", "{\"config\": " + CONFIG + ", \"data\": " + DATA
                        + ", \"dataFile\": \"x.json\"}", List.of("data", "dataFile")),
                Arguments.of("missing data file", "{\"config\": " + CONFIG + ", \"dataFile\": \"nope.json\"}",
                        List.of("dataFile")),
                Arguments.of("absolute data file", "{\"config\": " + CONFIG + ", \"dataFile\": \"/etc/passwd\"}",
                        List.of("dataFile")),
                Arguments.of("traversal", "{\"config\": " + CONFIG + ", \"dataFile\": \"../../pom.xml\"}",
                        List.of("dataFile")),
                Arguments.of("data file that is a directory", "{\"config\": " + CONFIG + ", \"dataFile\": \".\"}",
                        List.of("dataFile")),
                Arguments.of("every problem at once", "{\"config\": {\"parallelism\": 0, \"mappings\": []}, "
                        + "\"data\": 7}", List.of("config.api-key", "config.mappings", "config.parallelism",
                                "config.site-id", "config.userId", "data")));
    }

    /** The original config with one key replaced: {@code override} is {@code "key": value}. */
    private static String config(String override) {
        try {
            ObjectNode config = (ObjectNode) JSON.readTree("{\"site-id\": \"s\", \"api-key\": \"k\", "
                    + "\"userId\": \"user_id_field_name\", \"parallelism\": 5, "
                    + "\"mappings\": [{\"from\": \"name\", \"to\": \"name\"}]}");
            config.setAll((ObjectNode) JSON.readTree("{" + override + "}"));
            return "{\"config\": " + config + ", \"data\": " + DATA + "}";
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void badJsonBodiesAre400ProblemsNamingEveryProblem(String name, String body, List<String> fields)
            throws IOException {
        Files.createDirectories(Path.of("target/test-files"));
        int jobsBefore = jobRows();

        JsonPath problem = given().contentType(ContentType.JSON).body(body)
                .when().post("/syncs")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400)).body("title", equalTo("Invalid sync request"))
                .extract().jsonPath();

        assertThat(problem.getList("errors.field", String.class)).containsExactlyInAnyOrderElementsOf(fields);
        assertThat(problem.getList("errors.message", String.class)).allSatisfy(m -> assertThat(m).isNotBlank());
        assertThat(jobRows()).isEqualTo(jobsBefore);
    }

    @Test
    void aLinkLeadingOutsideTheFilesRootIsRejected() throws IOException {
        Path root = Files.createDirectories(Path.of("target/test-files"));
        Path outside = Files.writeString(Files.createTempFile("outside", ".json"), DATA);
        Path link = root.resolve("escape.json");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, outside.toAbsolutePath());

        given().contentType(ContentType.JSON).body("{\"config\": " + CONFIG + ", \"dataFile\": \"escape.json\"}")
                .when().post("/syncs")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("dataFile"))
                .body("errors[0].message", equalTo("leads outside the files root (through a link)"));
    }

    @Test
    void malformedDataInAReferencedFileLeavesNoJob() throws IOException {
        Path root = Files.createDirectories(Path.of("target/test-files"));
        Files.writeString(root.resolve("truncated.json"), "[{\"user_id_field_name\": \"1\"}, {\"user_id_fi");
        int jobsBefore = jobRows();

        given().contentType(ContentType.JSON).body("{\"config\": " + CONFIG + ", \"dataFile\": \"truncated.json\"}")
                .when().post("/syncs")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("dataFile"));

        assertThat(jobRows()).isEqualTo(jobsBefore);
        assertThat(userRows()).isEqualTo(userRowsOfAcceptedJobs());
    }

    @Test
    void multipartWithoutDataOrWithBadConfigIs400() {
        given().multiPart("config", "config.json", CONFIG.getBytes(), "application/json")
                .when().post("/syncs")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("data"));
        given().multiPart("config", "config.json", "{\"parallelism\": 0}".getBytes(), "application/json")
                .multiPart("data", "data.json", DATA.getBytes(), "application/json")
                .when().post("/syncs")
                .then().statusCode(400).body("errors.field", org.hamcrest.Matchers.hasItems("config.parallelism",
                        "config.mappings", "config.site-id"));
    }

    @Test
    void wrongContentTypeIs415Problem() {
        given().contentType(ContentType.TEXT).body(Map.of("a", 1).toString())
                .when().post("/syncs")
                .then().statusCode(415).contentType("application/problem+json");
    }

    private int jobRows() {
        return count("SELECT COUNT(*) FROM sync_job");
    }

    private int userRows() {
        return count("SELECT COUNT(*) FROM job_user");
    }

    private int userRowsOfAcceptedJobs() {
        return count("SELECT COALESCE(SUM(total), 0) FROM sync_job");
    }

    private int count(String sql) {
        return db.read(c -> {
            try (ResultSet rs = c.createStatement().executeQuery(sql)) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }
}
