package io.ciosync.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.LinkedHashMap;
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
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * {@code "notify"} in a job config: a URL outside the server's allow-list ({@code http://127.0.0.1:} and
 * {@code http://localhost:} in tests), not http(s), with a user name, or a value of the wrong shape is a 400 naming
 * the field, and no job is created.
 */
@QuarkusTest
@WithTestResource(CustomerIoStandInResource.class)
class NotifyConfigTest extends BadInputCase {

    static Stream<Arguments> badNotices() {
        return Stream.of(
                Arguments.of(
                        "a host not allowed",
                        Map.of("url", "https://hooks.example.com/cio"),
                        "config.notify.url",
                        "cio-sync.notify.allowed-urls"),
                Arguments.of(
                        "an allowed host as a prefix of another",
                        Map.of("url", "http://127.0.0.1.nip.io:8080/x"),
                        "config.notify.url",
                        "cio-sync.notify.allowed-urls"),
                Arguments.of("ftp", Map.of("url", "ftp://127.0.0.1:21/notices"), "config.notify.url", "http or https"),
                Arguments.of(
                        "a user name and password",
                        Map.of("url", "http://me:pw@127.0.0.1:8080/x"),
                        "config.notify.url",
                        "user name"),
                Arguments.of("no URL at all", Map.of("url", "not a url"), "config.notify.url", "not a URL"),
                Arguments.of("a number instead of an object", 5, "config.notify", "must be an object"),
                Arguments.of(
                        "a string instead of an object",
                        "http://127.0.0.1:8080/x",
                        "config.notify",
                        "must be an object"),
                Arguments.of("an object without url", Map.of(), "config.notify.url", "must not be blank"),
                Arguments.of("a url that is not a string", Map.of("url", 5), "config.notify.url", "must be a string"),
                Arguments.of(
                        "a key besides url",
                        Map.of("url", "http://127.0.0.1:8080/x", "secret", "s"),
                        "config.notify.secret",
                        "not a notify key"),
                Arguments.of(
                        "a url over 2000 characters",
                        Map.of("url", "http://127.0.0.1:8080/" + "x".repeat(2000)),
                        "config.notify.url",
                        "size must be between"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badNotices")
    void badNoticesAre400ProblemsNamingTheField(String name, Object notify, String field, String reason) {
        Map<String, Object> config = new LinkedHashMap<>(Jobs.config(5));
        config.put("notify", notify);

        JsonPath problem = refused(
                given().contentType(ContentType.JSON)
                        .body(Map.of("config", config, "data", Jobs.users("bad-notify", 1)))
                        .post("/syncs"),
                400,
                field);

        assertThat(problem.getString("title")).isEqualTo("Invalid sync request");
        assertThat(problem.getString("errors[0].message")).contains(reason);
    }

    @Test
    void anAllowedUrlIsNormalizedForTheCheckOnlyAndAnUnreachableOneIsGivenUp() {
        String url = "HTTP://LocalHost:1/hooks/./cio?x=1"; // nothing listens on port 1
        Map<String, Object> config = new LinkedHashMap<>(Jobs.config(5));
        config.put("notify", Map.of("url", url));

        String id = acceptedWhole(
                given().contentType(ContentType.JSON)
                        .body(Map.of("config", config, "data", Jobs.users("good-notify", 1)))
                        .post("/syncs"),
                1);

        JsonPath job = await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> given().get("/syncs/" + id)
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath(),
                        doc -> "gave_up".equals(doc.getString("notify.state")));
        assertThat(job.getString("config.notify.url")).isEqualTo(url);
        assertThat(job.getString("notify.url")).isEqualTo(url);
        assertThat(job.getString("notify.error")).isEqualTo("could not connect to http://localhost:1");
        assertThat(job.getList("warnings")).isNull();
    }
}
