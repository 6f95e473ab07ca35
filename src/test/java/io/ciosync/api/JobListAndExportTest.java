package io.ciosync.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import io.ciosync.CustomerIoStandIn;
import io.ciosync.CustomerIoStandIn.Fault;
import io.ciosync.CustomerIoStandInResource;
import io.ciosync.InjectCustomerIo;
import io.ciosync.Jobs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** {@code GET /syncs} pages jobs newest first; {@code GET /syncs/{id}/users} exports every outcome as CSV/NDJSON. */
@QuarkusTest
@WithTestResource(CustomerIoStandInResource.class)
class JobListAndExportTest {

    @InjectCustomerIo
    CustomerIoStandIn customerIo;

    @BeforeEach
    void reset() {
        customerIo.reset();
    }

    @Test
    void jobsAreListedNewestFirstInKeysetPagesAndByStatus() {
        Map<String, Object> refused = Jobs.v1Config(1);
        refused.put("api-key", "wrong");
        String first = Jobs.submit(Map.of("config", Jobs.v1Config(2), "data", Jobs.users("l", 1)));
        String second = Jobs.submit(Map.of("config", refused, "data", Jobs.users("l", 1)));
        String third = Jobs.submit(Map.of("config", Jobs.v1Config(2), "data", Jobs.users("l", 1)));
        List.of(first, second, third).forEach(Jobs::awaitFinished);

        JsonPath page1 = given().queryParam("limit", 2)
                .get("/syncs")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        JsonPath page2 = given().queryParam("limit", 2)
                .queryParam("after", page1.getString("next"))
                .get("/syncs")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        assertThat(page1.getList("items.id")).containsExactly(third, second);
        assertThat(page1.getString("items[0].links.self")).isEqualTo("/syncs/" + third);
        assertThat(page1.getInt("items[0].counts.synced")).isEqualTo(1);
        assertThat(page2.getString("items[0].id")).isEqualTo(first);
        JsonPath failed = given().queryParam("status", "failed")
                .get("/syncs")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(failed.getString("items[0].id")).isEqualTo(second);
        assertThat(failed.getList("items.status")).containsOnly("failed");
        given().queryParam("status", "done")
                .get("/syncs")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("status"));
        given().queryParam("after", "not-a-cursor")
                .get("/syncs")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("after"));
    }

    @Test
    void csvExportEscapesEveryOutcome() throws Exception {
        customerIo.script("e1", Fault.status(400, "{\"meta\":{\"errors\":[\"name \\\"x\\\", line\\nbreak\"]}}"));
        String id = Jobs.submit(Map.of("config", Jobs.v1Config(2), "data", Jobs.users("e", 3)));
        Jobs.awaitFinished(id);

        String csv = given().accept("text/csv")
                .get("/syncs/" + id + "/users")
                .then()
                .statusCode(200)
                .contentType("text/csv")
                .extract()
                .asString();

        assertThat(csv).startsWith("userId,outcome,httpStatus,attempts,error\n");
        try (MappingIterator<Map<String, String>> rows = new CsvMapper()
                .readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader())
                .readValues(csv)) {
            List<Map<String, String>> all = rows.readAll();
            assertThat(all).extracting(r -> r.get("userId")).containsExactly("e0", "e1", "e2");
            assertThat(all.get(1)).containsEntry("outcome", "failed").containsEntry("httpStatus", "400");
            assertThat(all.get(1).get("error")).contains("name \"x\", line\nbreak");
            assertThat(all.get(0)).containsEntry("outcome", "synced").containsEntry("attempts", "1");
        }
        String failedOnly = given().accept("text/csv")
                .queryParam("outcome", "failed")
                .get("/syncs/" + id + "/users")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(failedOnly.lines().filter(l -> l.startsWith("e"))).hasSize(1);
    }

    @Test
    void csvCellsThatASpreadsheetWouldEvaluateAreWrittenAsTextAndNdjsonStaysExact() throws Exception {
        Map<String, Object> config = Jobs.config(2);
        config.put("dryRun", true);
        List<String> ids = List.of("=1+1", "+1", "-1", "@x", "\tt", "\rr", "a=b");
        String id = Jobs.submit(Map.of(
                "config",
                config,
                "data",
                ids.stream().map(u -> Map.of("uid", u)).toList()));
        Jobs.awaitFinished(id);

        String csv = given().accept("text/csv")
                .get("/syncs/" + id + "/users")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        try (MappingIterator<Map<String, String>> rows = new CsvMapper()
                .readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader())
                .readValues(csv)) {
            assertThat(rows.readAll())
                    .extracting(r -> r.get("userId"))
                    .containsExactly("'=1+1", "'+1", "'-1", "'@x", "'\tt", "'\rr", "a=b");
        }
        String ndjson = given().accept("application/x-ndjson")
                .get("/syncs/" + id + "/users")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        ObjectMapper json = new ObjectMapper();
        assertThat(ndjson.lines().map(line -> {
                    try {
                        return json.readTree(line).get("userId").asText();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }))
                .containsExactlyElementsOf(ids);
        assertThat(Jobs.outcomes(id)).extracting(o -> o.get("userId")).containsExactlyElementsOf(ids);
    }

    @Test
    void ndjsonExportStreamsEveryUserAcrossPages() throws Exception {
        Map<String, Object> config = Jobs.v1Config(2);
        config.put("dryRun", true);
        String id = Jobs.submit(Map.of("config", config, "data", Jobs.users("n", 2_500)));
        Jobs.awaitFinished(id);

        String body = given().accept("application/x-ndjson")
                .get("/syncs/" + id + "/users")
                .then()
                .statusCode(200)
                .contentType("application/x-ndjson")
                .extract()
                .asString();

        List<String> lines = body.lines().toList();
        assertThat(lines).hasSize(2_500);
        assertThat(body).endsWith("}\n");
        assertThat(lines)
                .allSatisfy(line -> assertThat(line).startsWith("{\"userId\":").endsWith("}"));
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(lines.get(0)).toString())
                .isEqualTo("{\"userId\":\"n0\",\"outcome\":\"would_sync\",\"httpStatus\":null,\"attempts\":0,"
                        + "\"error\":null}");
        assertThat(json.readTree(lines.get(2_499)).get("userId").asText()).isEqualTo("n2499");
        assertThat(customerIo.requestCount()).isZero();
        given().accept("application/x-ndjson").get("/syncs/nope/users").then().statusCode(404);
    }

    @Test
    void aDryRunIsCountedTheSameInTheListAsInTheJob() {
        Map<String, Object> config = Jobs.v1Config(2);
        config.put("dryRun", true);
        List<Map<String, Object>> users = new ArrayList<>(Jobs.users("dl", 2));
        users.add(Map.of("name", "no id"));
        String id = Jobs.submit(Map.of("config", config, "data", users));
        JsonPath job = Jobs.awaitFinished(id);

        Map<String, Integer> counts = Map.of(
                "total",
                3,
                "pending",
                0,
                "synced",
                0,
                "failed",
                0,
                "skipped",
                1,
                "cancelled",
                0,
                "unchanged",
                0,
                "wouldSync",
                2);
        assertThat(job.getMap("counts")).containsExactlyInAnyOrderEntriesOf(counts);
        JsonPath listed = given().queryParam("limit", 1)
                .get("/syncs")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(listed.getString("items[0].id")).isEqualTo(id);
        assertThat(listed.getMap("items[0].counts")).containsExactlyInAnyOrderEntriesOf(counts);
        assertThat(customerIo.requestCount()).isZero();
    }

    @Test
    void anotherTenantNeitherListsNorExportsNorCancelsNorRetriesTheJob() {
        customerIo.script("own0", Fault.status(400));
        String id = Jobs.submit(Map.of("config", Jobs.v1Config(2), "data", Jobs.users("own", 2)));
        Jobs.awaitFinished(id);

        List<String> listedForB = given().auth()
                .oauth2(Jobs.TOKEN_B)
                .queryParam("limit", 1000)
                .get("/syncs")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.id");
        assertThat(listedForB).doesNotContain(id);
        given().auth()
                .oauth2(Jobs.TOKEN_B)
                .accept("text/csv")
                .get("/syncs/" + id + "/users")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(Jobs.TOKEN_B)
                .post("/syncs/" + id + "/cancel")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(Jobs.TOKEN_B)
                .post("/syncs/" + id + "/retry")
                .then()
                .statusCode(404);
        given().accept("text/csv").get("/syncs/" + id + "/users").then().statusCode(200);
    }
}
