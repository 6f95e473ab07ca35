package io.ciosync.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.ciosync.CustomerIoStandInResource;
import io.ciosync.Jobs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Bytes that are not what JSON promises, or JSON built to hurt the parser: invalid UTF-8, NUL bytes, 1,000 levels
 * of nesting, huge numbers and strings, duplicate keys. Each is refused with the limit or the place named.
 */
@QuarkusTest
@WithTestResource(CustomerIoStandInResource.class)
class HostileJsonTest extends BadInputCase {

    private static final String CONFIG = Jobs.ORIGINAL_CONFIG;
    private static final String USER = "{\"user_id_field_name\": \"1\", \"name\": \"n\"}";

    static Stream<Arguments> hostileBodies() {
        return Stream.of(
                Arguments.of(
                        "invalid UTF-8 in a user",
                        bytes(
                                "{\"config\": " + CONFIG + ", \"data\": [{\"name\": \"",
                                new byte[] {(byte) 0xC3, (byte) 0x28},
                                "\"}]}"),
                        400,
                        "data",
                        "Invalid UTF-8"),
                Arguments.of(
                        "invalid UTF-8 in the config",
                        bytes(
                                "{\"config\": {\"userId\": \"",
                                new byte[] {(byte) 0xFF, (byte) 0xFE},
                                "\"}, \"data\": []}"),
                        400,
                        "config",
                        "Invalid UTF-8"),
                Arguments.of(
                        "a NUL byte between tokens",
                        bytes("{\"config\": " + CONFIG + ",", new byte[] {0}, " \"data\": []}"),
                        400,
                        "body",
                        "code 0"),
                Arguments.of(
                        "a NUL byte inside a string",
                        bytes("{\"config\": " + CONFIG + ", \"data\": [{\"name\": \"a", new byte[] {0}, "b\"}]}"),
                        400,
                        "data",
                        "code 0"),
                Arguments.of(
                        "1,000 levels of nesting in a user",
                        utf8("{\"config\": " + CONFIG + ", \"data\": [{\"name\": " + "[".repeat(1000) + "]".repeat(1000)
                                + "}]}"),
                        400,
                        "data",
                        "cio-sync.json.max-nesting-depth"),
                Arguments.of(
                        "1,000 levels of nesting in the config",
                        utf8("{\"config\": {\"x\": " + "{\"a\": ".repeat(1000) + "1" + "}".repeat(1000)
                                + "}, \"data\": []}"),
                        400,
                        "config",
                        "cio-sync.json.max-nesting-depth"),
                Arguments.of(
                        "1,000 levels of nesting in an unknown field",
                        utf8("{\"x\": " + "[".repeat(1000) + "]".repeat(1000) + "}"),
                        400,
                        "body",
                        "cio-sync.json.max-nesting-depth"),
                Arguments.of(
                        "a 200-digit number in a user",
                        utf8("{\"config\": " + CONFIG + ", \"data\": [{\"name\": " + "9".repeat(200) + "}]}"),
                        400,
                        "data",
                        "cio-sync.json.max-number-length"),
                Arguments.of(
                        "a 200-digit parallelism",
                        utf8("{\"config\": {\"parallelism\": " + "9".repeat(200) + "}, \"data\": []}"),
                        400,
                        "config",
                        "cio-sync.json.max-number-length"),
                Arguments.of(
                        "a 1,000,001-character string in a user",
                        utf8("{\"config\": " + CONFIG + ", \"data\": " + "[{\"name\": \"" + "x".repeat(1_000_001)
                                + "\"}]}"),
                        413,
                        "data",
                        "cio-sync.json.max-string-length"),
                Arguments.of(
                        "a 100,000-character config value",
                        utf8("{\"config\": {\"userId\": \"" + "x".repeat(100_000) + "\"}, \"data\": []}"),
                        413,
                        "config",
                        "the limit of a job config"),
                Arguments.of(
                        "a key given twice in the body",
                        utf8("{\"config\": " + CONFIG + ", \"config\": " + CONFIG + ", \"data\": []}"),
                        400,
                        "body",
                        "Duplicate field 'config'"),
                Arguments.of(
                        "a key given twice in the config",
                        utf8("{\"config\": {\"userId\": \"a\", \"userId\": \"b\"}, " + "\"data\": []}"),
                        400,
                        "config",
                        "Duplicate field 'userId'"),
                Arguments.of(
                        "a key given twice in a user",
                        utf8("{\"config\": " + CONFIG + ", \"data\": [" + USER
                                + ", {\"user_id_field_name\": \"2\", \"name\": \"a\", \"name\": \"b\"}]}"),
                        400,
                        "data",
                        "Duplicate field 'name'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileBodies")
    void hostileJsonIsRefusedNamingWhereAndWhichLimit(
            String name, byte[] body, int status, String field, String saying) {
        JsonPath problem =
                refused(given().contentType(ContentType.JSON).body(body).post("/syncs"), status, field);

        assertThat(problem.getString("errors[0].message")).contains(saying);
    }

    static Stream<Arguments> hostileFiles() {
        return Stream.of(
                Arguments.of(
                        "a data file that is an object", utf8("{\"users\": [" + USER + "]}"), "must be a JSON array"),
                Arguments.of(
                        "a data file with invalid UTF-8",
                        bytes("[{\"user_id_field_name\": \"", new byte[] {(byte) 0xFF}, "\"}]"),
                        "Invalid UTF-8"),
                Arguments.of(
                        "a data file with a key given twice",
                        utf8("[" + USER + ", {\"user_id_field_name\": \"2\", " + "\"user_id_field_name\": \"3\"}]"),
                        "Duplicate field"),
                Arguments.of(
                        "a data file with 1,000 levels of nesting",
                        utf8("[" + "[".repeat(1000) + "]".repeat(1000) + "]"),
                        "cio-sync.json.max-nesting-depth"),
                Arguments.of("a data file with content after the array", utf8("[" + USER + "] []"), "content after"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileFiles")
    void hostileDataFilesAreRefusedNamingTheReference(String name, byte[] content, String saying) throws IOException {
        Path root = Files.createDirectories(Path.of("target/test-files/team-a/hostile"));
        Files.write(root.resolve("data.json"), content);

        JsonPath problem = refused(
                given().contentType(ContentType.JSON)
                        .body("{\"config\": " + CONFIG + ", \"dataFile\": \"hostile/data.json\"}")
                        .post("/syncs"),
                400,
                "dataFile");

        assertThat(problem.getString("errors[0].message")).contains(saying);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String before, byte[] middle, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8(before));
        out.writeBytes(middle);
        out.writeBytes(utf8(after));
        return out.toByteArray();
    }
}
