package io.ciosync.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ciosync.CustomerIoStandIn;
import io.ciosync.CustomerIoStandInResource;
import io.ciosync.InjectCustomerIo;
import io.ciosync.Jobs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Users are checked before sending: bad ones are skipped with the reason, duplicates reported, ids encoded. */
@QuarkusTest
@WithTestResource(CustomerIoStandInResource.class)
class UserValidationTest {

    @InjectCustomerIo
    CustomerIoStandIn us;

    @InjectCustomerIo(region = "eu")
    CustomerIoStandIn eu;

    @BeforeEach
    void reset() {
        us.reset();
        eu.reset();
    }

    @Test
    void usersBreakingCustomerIoLimitsAreSkippedWithTheReasonAndNeverSent() {
        List<Map<String, Object>> data = List.of(
                Map.of("uid", "ok", "name", "Fine"),
                Map.of("name", "no id at all"),
                Map.of("uid", "x".repeat(151), "name", "id too long"),
                Map.of("uid", "big", "name", "v".repeat(1001)),
                Map.of("uid", "   ", "name", "blank id"));

        JsonPath job = Jobs.awaitFinished(Jobs.submit(Map.of("config", Jobs.config(5), "data", data)));

        assertThat(job.getString("status")).isEqualTo("completed_with_errors");
        assertThat(job.getInt("counts.synced")).isEqualTo(1);
        assertThat(job.getInt("counts.skipped")).isEqualTo(4);
        assertThat(job.getList("users.outcome")).containsExactly("synced", "skipped", "skipped", "skipped", "skipped");
        assertThat(job.getString("users[1].error")).contains("no 'uid' field");
        assertThat(job.getString("users[2].error")).contains("151 bytes");
        assertThat(job.getString("users[3].error")).contains("attribute 'name' is 1001 bytes");
        assertThat(job.getString("users[4].error")).contains("blank");
        assertThat(us.requestCount()).isEqualTo(1);
        assertThat(us.person("ok")).contains(Map.of("name", "Fine"));
    }

    @Test
    void aRepeatedIdIsSentOnceAndTheRepeatReportedAsADuplicate() {
        List<Map<String, Object>> data = List.of(
                Map.of("uid", "d1", "name", "First"),
                Map.of("uid", "d2", "name", "Other"),
                Map.of("uid", "d1", "name", "Second"));

        JsonPath job = Jobs.awaitFinished(Jobs.submit(Map.of("config", Jobs.v1Config(5), "data", data)));

        assertThat(job.getList("users.outcome")).containsExactly("synced", "synced", "skipped");
        assertThat(job.getString("users[2].error")).contains("duplicate userId");
        assertThat(us.identifyCount("d1")).isEqualTo(1);
        assertThat(us.person("d1")).contains(Map.of("name", "First"));
    }

    @Test
    void idsAreSentAsOnePercentEncodedPathSegment() {
        List<Map<String, Object>> data = List.of(
                Map.of("uid", "team/42", "name", "Slash"),
                Map.of("uid", "a b+c?d#e%f", "name", "Awkward"),
                Map.of("uid", "用户-7", "name", "Unicode"),
                Map.of("uid", 12345, "name", "Number"));

        JsonPath job = Jobs.awaitFinished(Jobs.submit(Map.of("config", Jobs.v1Config(5), "data", data)));

        assertThat(job.getString("status")).isEqualTo("succeeded");
        assertThat(us.person("team/42")).contains(Map.of("name", "Slash"));
        assertThat(us.person("a b+c?d#e%f")).contains(Map.of("name", "Awkward"));
        assertThat(us.person("用户-7")).contains(Map.of("name", "Unicode"));
        assertThat(us.person("12345")).contains(Map.of("name", "Number"));
        assertThat(us.requests())
                .extracting(CustomerIoStandIn.RecordedRequest::rawPath)
                .contains("/api/v1/customers/team%2F42");
    }

    @Test
    void anEuJobGoesToTheEuHostAndUnknownConfigKeysAreWarnings() {
        Map<String, Object> config = new LinkedHashMap<>(Jobs.config(5));
        config.put("region", "eu");
        config.put("url", "https://example.invalid");

        String id = given().contentType("application/json")
                .body(Map.of("config", config, "data", Jobs.users("eu", 2)))
                .post("/syncs")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        JsonPath job = Jobs.awaitFinished(id);

        assertThat(job.getString("status")).isEqualTo("succeeded");
        assertThat(job.getList("warnings", String.class))
                .singleElement()
                .asString()
                .contains("'url'");
        assertThat(eu.peopleCount()).isEqualTo(2);
        assertThat(us.requestCount()).isZero();
    }
}
