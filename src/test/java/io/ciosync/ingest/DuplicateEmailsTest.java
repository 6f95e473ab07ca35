package io.ciosync.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.ciosync.CustomerIoStandIn;
import io.ciosync.CustomerIoStandInResource;
import io.ciosync.InjectCustomerIo;
import io.ciosync.Jobs;
import io.ciosync.Metrics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Two user ids with one email (trimmed, case-insensitive) in a job: the later one is skipped naming the earlier and
 * never sent, since Customer.io would answer 200 and not apply it; {@code "duplicateEmails": "send"} sends both.
 */
@QuarkusTest
@WithTestResource(CustomerIoStandInResource.class)
class DuplicateEmailsTest {

    private static final List<Map<String, Object>> SHARING = List.of(
            Map.of("uid", "u1", "name", "First", "email", "A@x.com"),
            Map.of("uid", "u2", "name", "Second", "email", "a@x.com "),
            Map.of("uid", "u3", "name", "Third", "email", "c@x.com"));

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @InjectCustomerIo
    CustomerIoStandIn us;

    @BeforeEach
    void reset() {
        us.reset();
    }

    private static Map<String, Object> config(String api, String duplicateEmails) {
        Map<String, Object> config = Jobs.config(5);
        config.put("api", api);
        config.put("mappings", List.of(Map.of("from", "name", "to", "name"), Map.of("from", "email", "to", "email")));
        if (duplicateEmails != null) {
            config.put("duplicateEmails", duplicateEmails);
        }
        return config;
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1", "v2"})
    void theLaterUserOfAnEmailIsSkippedNamingTheEarlierAndNeverSent(String api) {
        Metrics before = Metrics.scrape(metrics);

        JsonPath job = Jobs.awaitFinished(Jobs.submit(Map.of("config", config(api, null), "data", SHARING)));

        assertThat(job.getList("users.outcome")).containsExactly("synced", "skipped", "synced");
        assertThat(job.getString("users[1].error")).startsWith("duplicate email: user 'u1', earlier in this job");
        assertThat(job.getInt("counts.skipped")).isEqualTo(1);
        assertThat(us.person("u1")).contains(Map.of("name", "First", "email", "A@x.com"));
        assertThat(us.person("u3")).isPresent();
        assertThat(us.requests())
                .noneMatch(r -> "u2".equals(r.identifier()) || r.body().contains("\"u2\""));
        assertThat(us.peopleCount()).isEqualTo(2);
        String skipped = "ciosync_users_total";
        assertThat(Metrics.scrape(metrics).value(skipped, "outcome=\"skipped\",reason=\"duplicate_email\"")
                        - before.value(skipped, "outcome=\"skipped\",reason=\"duplicate_email\""))
                .isEqualTo(1);
        String csv = given().accept("text/csv")
                .queryParam("outcome", "skipped")
                .get("/syncs/" + job.getString("id") + "/users")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(csv.lines().skip(1))
                .singleElement()
                .asString()
                .startsWith("u2,skipped,")
                .contains("duplicate email: user 'u1'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1", "v2"})
    void withDuplicateEmailsSendBothAreSent(String api) {
        JsonPath job = Jobs.awaitFinished(Jobs.submit(Map.of("config", config(api, "send"), "data", SHARING)));

        assertThat(job.getList("users.outcome")).containsExactly("synced", "synced", "synced");
        assertThat(us.person("u1")).contains(Map.of("name", "First", "email", "A@x.com"));
        assertThat(us.person("u2")).contains(Map.of("name", "Second", "email", "a@x.com "));
        assertThat(us.peopleCount()).isEqualTo(3);
    }

    @Test
    void theEarlierHolderIsFoundInTheChunksAlreadyStoredAndInADryRun() {
        List<Map<String, Object>> users = new ArrayList<>();
        for (int i = 0; i < 1100; i++) { // v1 chunks of 100 (%test): user 0 is in a chunk long written at user 1099
            users.add(Map.of("uid", "d" + i, "name", "N", "email", i == 1099 ? " MAIL0@x.com" : "mail" + i + "@x.com"));
        }
        Map<String, Object> config = config("v1", null);
        config.put("dryRun", true);

        JsonPath job = Jobs.awaitFinished(Jobs.submit(Map.of("config", config, "data", users)));

        assertThat(job.getInt("counts.skipped")).isEqualTo(1);
        assertThat(job.getInt("dryRun.wouldSync")).isEqualTo(1099);
        List<Map<String, Object>> skipped = given().queryParam("outcome", "skipped")
                .get("/syncs/" + job.getString("id") + "/users")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items");
        assertThat(skipped).singleElement().satisfies(u -> {
            assertThat(u).containsEntry("userId", "d1099");
            assertThat((String) u.get("error")).startsWith("duplicate email: user 'd0', earlier in this job");
        });
        assertThat(us.requestCount()).isZero();
    }

    @Test
    void duplicateEmailsMustBeSkipOrSend() {
        given().contentType("application/json")
                .body(Map.of("config", config("v2", "merge"), "data", SHARING))
                .post("/syncs")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.contains("config.duplicateEmails"));
        assertThat(us.requestCount()).isZero();
    }
}
