package io.ciosync.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.ciosync.CustomerIoStandInResource;
import io.ciosync.Jobs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Pages of a job's users ({@code GET /syncs/{id}/users}) and of jobs ({@code GET /syncs}): cursors and bad parameters. */
@QuarkusTest
@WithTestResource(CustomerIoStandInResource.class)
class PagingTest {

    @Test
    void usersComeInPagesInInputOrderFollowingNext() {
        String id = Jobs.submit(Map.of("config", Jobs.config(5), "data", Jobs.users("p", 5)));
        Jobs.awaitFinished(id);

        JsonPath first = given().queryParam("limit", 2)
                .get("/syncs/" + id + "/users")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        JsonPath second = given().queryParam("limit", 2)
                .queryParam("after", first.getString("next"))
                .get("/syncs/" + id + "/users")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        JsonPath last = given().queryParam("limit", 2)
                .queryParam("after", second.getString("next"))
                .get("/syncs/" + id + "/users")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        assertThat(Stream.of(first, second, last).flatMap(page -> page.getList("items.userId", String.class).stream()))
                .containsExactly("p0", "p1", "p2", "p3", "p4");
        assertThat(last.getString("next")).isNull();
        given().queryParam("outcome", "failed")
                .get("/syncs/" + id + "/users")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(0));
    }

    static Stream<Arguments> badParameters() {
        return Stream.of(
                Arguments.of("users", Map.of("limit", "0"), "limit", "must be between 1 and 1000"),
                Arguments.of("users", Map.of("limit", "1001"), "limit", "must be between 1 and 1000"),
                Arguments.of("users", Map.of("after", "abc"), "after", "is not a cursor"),
                Arguments.of("users", Map.of("outcome", "lost"), "outcome", "must be one of pending, synced"),
                Arguments.of("jobs", Map.of("limit", "0"), "limit", "must be between 1 and 1000"),
                Arguments.of("jobs", Map.of("limit", "1001"), "limit", "must be between 1 and 1000"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badParameters")
    void badParametersAre400ProblemsNamingTheParameter(
            String resource, Map<String, String> query, String field, String message) {
        String path = "/syncs";
        if ("users".equals(resource)) {
            String id = Jobs.submit(Map.of("config", Jobs.config(5), "data", Jobs.users("q", 1)));
            Jobs.awaitFinished(id); // nothing left running into later tests
            path = "/syncs/" + id + "/users";
        }

        JsonPath problem = given().queryParams(query)
                .get(path)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .extract()
                .jsonPath();

        assertThat(problem.getList("errors.field", String.class)).isEqualTo(List.of(field));
        assertThat(problem.getString("errors[0].message")).contains(message);
    }
}
