package io.ciosync.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

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
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * What Customer.io would accept with a 200 and never apply is refused when the job is posted (400 naming the
 * mapping, no job, nothing sent) or, for reserved names it does apply, named in the job's warnings.
 */
@QuarkusTest
@WithTestResource(CustomerIoStandInResource.class)
class PreflightRefusalTest extends BadInputCase {

    @InjectCustomerIo
    CustomerIoStandIn us;

    @BeforeEach
    void reset() {
        us.reset();
    }

    private static Map<String, Object> config(List<Map<String, Object>> mappings) {
        Map<String, Object> config = Jobs.config(5);
        config.put("mappings", mappings);
        return config;
    }

    private static Object body(List<Map<String, Object>> mappings, List<Map<String, Object>> data) {
        return Map.of("config", config(mappings), "data", data);
    }

    @Test
    void anIsoCreatedAtWithoutATypeRefusesTheJobNamingTheMapping() {
        List<Map<String, Object>> users =
                List.of(Map.of("uid", "a", "signup", 1700000000), Map.of("uid", "b", "signup", "2023-11-14T22:13:20Z"));

        JsonPath problem = refused(
                given().contentType(ContentType.JSON)
                        .body(body(
                                List.of(
                                        Map.of("from", "name", "to", "name"),
                                        Map.of("from", "signup", "to", "created_at")),
                                users))
                        .post("/syncs"),
                400,
                "config.mappings[1]");

        assertThat(problem.getString("errors[0].message"))
                .isEqualTo("sends 'signup' as created_at, which "
                        + "Customer.io reads as Unix seconds, but data[1] has the string '2023-11-14T22:13:20Z' there: add "
                        + "\"type\": \"timestamp\" to convert ISO-8601 dates and numeric strings");
        assertThat(us.requestCount()).isZero();
    }

    @Test
    void aCsvColumnAsCreatedAtNeedsAType() {
        Map<String, Object> config = config(List.of(Map.of("from", "signup", "to", "created_at")));

        refused(
                given().multiPart("config", "config.json", json(config), "application/json")
                        .multiPart("data", "users.csv", "uid,signup\nc1,1700000000\n".getBytes(), "text/csv")
                        .post("/syncs"),
                400,
                "config.mappings[0]");
        assertThat(us.requestCount()).isZero();
    }

    @Test
    void createdAtOfTheWrongTypeOrAConstantStringIsRefused() {
        refused(
                given().contentType(ContentType.JSON)
                        .body(body(
                                List.of(Map.of("from", "s", "to", "created_at", "type", "string")), Jobs.users("t", 1)))
                        .post("/syncs"),
                400,
                "config.mappings[0].type");
        refused(
                given().contentType(ContentType.JSON)
                        .body(body(List.of(Map.of("value", "2024-01-01", "to", "created_at")), Jobs.users("t", 1)))
                        .post("/syncs"),
                400,
                "config.mappings[0]");
    }

    @Test
    void mappingsToTheIdentifiersOrToNoNameAreRefused() {
        JsonPath problem = refused(
                given().contentType(ContentType.JSON)
                        .body(body(
                                List.of(
                                        Map.of("from", "a", "to", "id"),
                                        Map.of("from", "b", "to", "cio_id"),
                                        Map.of("from", "c", "to", ""),
                                        Map.of("from", "d", "to", "email")),
                                Jobs.users("t", 1)))
                        .post("/syncs"),
                400,
                "config.mappings[0].to",
                "config.mappings[1].to",
                "config.mappings[2].to");

        assertThat(problem.getList("errors.message", String.class))
                .anySatisfy(m -> assertThat(m).startsWith("'cio_id' is Customer.io's own identifier"));
        assertThat(us.requestCount()).isZero();
    }

    @Test
    void reservedNamesAreAllowedWithAWarningSayingWhatTheyDo() {
        Map<String, Object> config = config(List.of(
                Map.of("from", "name", "to", "name"),
                Map.of("from", "anon", "to", "anonymous_id"),
                Map.of("from", "ts", "to", "_timestamp")));
        config.put("dryRun", true);

        JsonPath job = Jobs.awaitFinished(Jobs.submit(Map.of("config", config, "data", Jobs.users("r", 1))));

        assertThat(job.getList("warnings", String.class))
                .containsExactly(
                        "config.mappings[1].to is 'anonymous_id', which Customer.io reserves: it merges the person with the "
                                + "anonymous activity of that id",
                        "config.mappings[2].to is '_timestamp', which Customer.io reserves: it orders updates: Customer.io "
                                + "ignores an update older than the person's latest");
    }

    private static byte[] json(Object value) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
