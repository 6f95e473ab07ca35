package io.ciosync.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ciosync.CustomerIoStandInResource;
import io.ciosync.Jobs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Bad request shapes and job configs: 400 problem+json naming every problem at once, and no job behind. */
@QuarkusTest
@WithTestResource(CustomerIoStandInResource.class)
class BadRequestTest extends BadInputCase {

    private static final String CONFIG = Jobs.ORIGINAL_CONFIG;
    private static final String DATA = Jobs.ORIGINAL_DATA;
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("malformed JSON", "{\"config\": " + CONFIG + ", \"data\": [1, 2 3]}", List.of("data")),
                Arguments.of(
                        "truncated JSON",
                        "{\"config\": " + CONFIG + ", \"data\": [{\"user_id_field_name\": \"1",
                        List.of("data")),
                Arguments.of("truncated config", "{\"config\": {\"site-id\": \"s\", \"api-", List.of("config")),
                Arguments.of("empty body", "", List.of("body")),
                Arguments.of("not an object", "[1, 2, 3]", List.of("body")),
                Arguments.of("JSON null", "null", List.of("body")),
                Arguments.of(
                        "content after the object",
                        "{\"config\": " + CONFIG + ", \"data\": " + DATA + "} {}",
                        List.of("body")),
                Arguments.of("nothing at all", "{}", List.of("config", "data")),
                Arguments.of(
                        "data not an array", "{\"config\": " + CONFIG + ", \"data\": {\"a\": 1}}", List.of("data")),
                Arguments.of(
                        "config not an object",
                        "{\"config\": \"config.json\", \"data\": " + DATA + "}",
                        List.of("config")),
                Arguments.of(
                        "missing config keys",
                        "{\"config\": {\"mappings\": [{\"from\": \"a\", \"to\": \"b\"}]}, " + "\"data\": " + DATA + "}",
                        List.of("config.api-key", "config.site-id", "config.userId")),
                Arguments.of(
                        "config keys of the wrong type",
                        "{\"config\": {\"site-id\": 5, \"api-key\": \"k\", "
                                + "\"userId\": [\"id\"], \"parallelism\": \"25\", \"mappings\": {}}, \"data\": " + DATA
                                + "}",
                        List.of("config.mappings", "config.parallelism", "config.site-id", "config.userId")),
                Arguments.of("empty mappings", config("\"mappings\": []"), List.of("config.mappings")),
                Arguments.of(
                        "two mappings to one name",
                        config("\"mappings\": [{\"from\": \"a\", \"to\": \"n\"}, "
                                + "{\"from\": \"b\", \"to\": \"n\"}]"),
                        List.of("config.mappings[1].to")),
                Arguments.of(
                        "mapping to id",
                        config("\"mappings\": [{\"from\": \"a\", \"to\": \"id\"}]"),
                        List.of("config.mappings[0].to")),
                Arguments.of(
                        "mapping without from",
                        config("\"mappings\": [{\"to\": \"n\"}]"),
                        List.of("config.mappings[0].from")),
                Arguments.of(
                        "mapping that is not an object",
                        config("\"mappings\": [\"name\"]"),
                        List.of("config.mappings[0]")),
                Arguments.of("parallelism 0", config("\"parallelism\": 0"), List.of("config.parallelism")),
                Arguments.of("parallelism -1", config("\"parallelism\": -1"), List.of("config.parallelism")),
                Arguments.of("parallelism 201", config("\"parallelism\": 201"), List.of("config.parallelism")),
                Arguments.of("parallelism 10^9", config("\"parallelism\": 1000000000"), List.of("config.parallelism")),
                Arguments.of(
                        "parallelism 10^20",
                        config("\"parallelism\": 100000000000000000000"),
                        List.of("config.parallelism")),
                Arguments.of("parallelism 2.5", config("\"parallelism\": 2.5"), List.of("config.parallelism")),
                Arguments.of("unknown region", config("\"region\": \"ap\""), List.of("config.region")),
                Arguments.of(
                        "an API key of 201 characters",
                        config("\"api-key\": \"" + "k".repeat(201) + "\""),
                        List.of("config.api-key")),
                Arguments.of(
                        "an unknown workspace",
                        config("\"workspace\": \"staging\", \"site-id\": null, " + "\"api-key\": null"),
                        List.of("config.workspace")),
                Arguments.of(
                        "a workspace and an API key",
                        config("\"workspace\": \"prod\", \"site-id\": null"),
                        List.of("config.api-key")),
                Arguments.of(
                        "a workspace that is not a string",
                        config("\"workspace\": 7, \"site-id\": null, " + "\"api-key\": null"),
                        List.of("config.workspace")),
                Arguments.of("unknown api", config("\"api\": \"v3\""), List.of("config.api")),
                Arguments.of("api not a string", config("\"api\": 2"), List.of("config.api")),
                Arguments.of("rateLimit 0", config("\"rateLimit\": 0"), List.of("config.rateLimit")),
                Arguments.of("rateLimit a decimal", config("\"rateLimit\": 2.5"), List.of("config.rateLimit")),
                Arguments.of(
                        "unknown request field",
                        "{\"config\": " + CONFIG + ", \"data\": " + DATA + ", \"datafile\": \"x\"}",
                        List.of("datafile")),
                Arguments.of(
                        "both data and dataFile",
                        "{\"config\": " + CONFIG + ", \"data\": " + DATA + ", \"dataFile\": \"x.json\"}",
                        List.of("data", "dataFile")),
                Arguments.of(
                        "every problem at once",
                        "{\"config\": {\"parallelism\": 0, \"mappings\": []}, " + "\"data\": 7}",
                        List.of(
                                "config.api-key",
                                "config.mappings",
                                "config.parallelism",
                                "config.site-id",
                                "config.userId",
                                "data")));
    }

    /** The original config with keys replaced: {@code override} is {@code "key": value, ...}. */
    private static String config(String override) {
        try {
            ObjectNode config = (ObjectNode) JSON.readTree("{\"site-id\": \"s\", \"api-key\": \"k\", "
                    + "\"userId\": \"user_id_field_name\", \"parallelism\": 5, "
                    + "\"mappings\": [{\"from\": \"name\", \"to\": \"name\"}]}");
            config.setAll((ObjectNode) JSON.readTree("{" + override + "}"));
            config.properties().removeIf(e -> e.getValue().isNull());
            return "{\"config\": " + config + ", \"data\": " + DATA + "}";
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void badJsonBodiesAre400ProblemsNamingEveryProblem(String name, String body, List<String> fields) {
        JsonPath problem = refused(
                given().contentType(ContentType.JSON).body(body).post("/syncs"), 400, fields.toArray(String[]::new));

        assertThat(problem.getString("title")).isEqualTo("Invalid sync request");
    }

    @Test
    void multipartWithoutData() {
        refused(
                given().multiPart("config", "config.json", CONFIG.getBytes(), "application/json")
                        .post("/syncs"),
                400,
                "data");
    }

    @Test
    void multipartWithABadConfig() {
        refused(
                given().multiPart("config", "config.json", "{\"parallelism\": 0}".getBytes(), "application/json")
                        .multiPart("data", "data.json", DATA.getBytes(), "application/json")
                        .post("/syncs"),
                400,
                "config.parallelism",
                "config.mappings",
                "config.site-id",
                "config.api-key",
                "config.userId");
    }

    @Test
    void multipartWithMalformedConfig() {
        refused(
                given().multiPart("config", "config.json", "{\"site-id\": ".getBytes(), "application/json")
                        .multiPart("data", "data.json", DATA.getBytes(), "application/json")
                        .post("/syncs"),
                400,
                "config");
    }

    @Test
    void multipartWithDataThatIsNotAnArray() {
        refused(
                given().multiPart("config", "config.json", CONFIG.getBytes(), "application/json")
                        .multiPart("data", "data.json", "{\"users\": []}".getBytes(), "application/json")
                        .post("/syncs"),
                400,
                "data");
    }

    @Test
    void aSingleProblemsDetailSeparatesTheFieldFromTheMessage() {
        JsonPath problem = refused(
                given().contentType(ContentType.JSON)
                        .body(config("\"parallelism\": 0"))
                        .post("/syncs"),
                400,
                "config.parallelism");

        assertThat(problem.getString("detail")).isEqualTo("config.parallelism: must be greater than or equal to 1");
    }

    @Test
    void wrongContentTypeIs415Problem() {
        refused(
                given().contentType(ContentType.TEXT)
                        .body("{\"config\": " + CONFIG + ", \"data\": " + DATA + "}")
                        .post("/syncs"),
                415);
    }
}
