package io.ciosync.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.ciosync.CustomerIoStandIn;
import io.ciosync.CustomerIoStandInResource;
import io.ciosync.InjectCustomerIo;
import io.ciosync.Jobs;
import io.ciosync.LogCapture;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * A valid job where one user breaks a rule: the job is accepted whole, the good user is synced, and the bad one is
 * {@code skipped} with the reason — never sent to Customer.io.
 */
@QuarkusTest
@WithTestResource(CustomerIoStandInResource.class)
class PartiallyBadUsersTest extends BadInputCase {

    private static final String GOOD = "{\"uid\": \"good\", \"name\": \"Good\"}";

    @InjectCustomerIo
    CustomerIoStandIn customerIo;

    @BeforeEach
    void reset() {
        customerIo.reset();
    }

    static Stream<Arguments> badUsers() {
        return Stream.of(
                Arguments.of(
                        "an id over 150 bytes", "{\"uid\": \"" + "i".repeat(151) + "\"}", "Customer.io allows 150"),
                Arguments.of("an id of 76 two-byte characters", "{\"uid\": \"" + "é".repeat(76) + "\"}", "152 bytes"),
                Arguments.of(
                        "a value over 1000 bytes",
                        "{\"uid\": \"b\", \"name\": \"" + "v".repeat(1001) + "\"}",
                        "Customer.io allows 1000"),
                Arguments.of("301 attributes", attributes(301), "301 attributes; Customer.io allows 300"),
                Arguments.of("a record that is a string", "\"just a string\"", "not a JSON object"),
                Arguments.of("a record that is an array", "[1, 2]", "not a JSON object"),
                Arguments.of("a record that is null", "null", "not a JSON object"),
                Arguments.of("no id field", "{\"name\": \"nobody\"}", "has no 'uid' field"),
                Arguments.of("a null id", "{\"uid\": null}", "has no 'uid' field"),
                Arguments.of("a blank id", "{\"uid\": \"   \"}", "blank"),
                Arguments.of("an id that is an object", "{\"uid\": {\"a\": 1}}", "an object, not a string or number"),
                Arguments.of("an id with a NUL character", "{\"uid\": \"a\\u0000b\"}", "NUL character"),
                Arguments.of("an id of 1e999", "{\"uid\": 1e999}", "number out of range"),
                Arguments.of("a value of 1e999", "{\"uid\": \"b\", \"name\": 1e999}", "number out of range"),
                Arguments.of("an id seen earlier in the job", GOOD, "duplicate userId"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badUsers")
    void theBadUserIsSkippedWithTheReasonAndTheGoodOneSynced(String name, String badUser, String reason) {
        Map<String, Object> config = Jobs.config(5);
        if (badUser.contains("b301")) {
            config.put(
                    "mappings",
                    IntStream.range(0, 301)
                            .mapToObj(i -> Map.of("from", "a" + i, "to", "a" + i))
                            .toList());
        }
        String id = acceptedWhole(
                given().contentType(ContentType.JSON)
                        .body("{\"config\": " + json(config) + ", \"data\": [" + GOOD + ", " + badUser + "]}")
                        .post("/syncs"),
                2);

        JsonPath job = Jobs.awaitFinished(id);

        assertThat(job.getString("status")).isEqualTo("completed_with_errors");
        assertThat(job.getInt("counts.synced")).isEqualTo(1);
        assertThat(job.getInt("counts.skipped")).isEqualTo(1);
        assertThat(job.getString("users[0].outcome")).isEqualTo("synced");
        assertThat(job.getString("users[1].outcome")).isEqualTo("skipped");
        assertThat(job.getString("users[1].error")).contains(reason);
        assertThat(customerIo.requestCount()).isEqualTo(1);
        assertThat(customerIo.person("good")).isPresent();
    }

    @Test
    void manySkippedUsersLogTheFirstTenAndOneLineForTheRest() {
        StringBuilder data = new StringBuilder("[" + GOOD);
        IntStream.range(0, 25)
                .forEach(i -> data.append(", {\"name\": \"nobody ").append(i).append("\"}"));
        String id;
        try (LogCapture log = LogCapture.of("io.ciosync.ingest")) {
            id = acceptedWhole(
                    given().contentType(ContentType.JSON)
                            .body("{\"config\": " + json(Jobs.config(5)) + ", \"data\": " + data + "]}")
                            .post("/syncs"),
                    26);
            String job = id;
            List<String> warnings = log.lines().stream()
                    .filter(line -> line.startsWith("WARN job " + job))
                    .toList();
            assertThat(warnings).hasSize(11);
            assertThat(warnings.getFirst())
                    .startsWith("WARN job " + id + ": user ")
                    .contains("(record 1) skipped: ")
                    .contains("has no 'uid' field");
            assertThat(warnings.getLast())
                    .isEqualTo("WARN job " + id + ": more users skipped, not logged one by one: "
                            + "the job's outcomes list them all");
        }
        assertThat(Jobs.awaitFinished(id).getInt("counts.skipped")).isEqualTo(25);
    }

    private static String attributes(int n) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("uid", "b301");
        IntStream.range(0, n).forEach(i -> user.put("a" + i, i));
        return json(user);
    }

    private static String json(Object value) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
