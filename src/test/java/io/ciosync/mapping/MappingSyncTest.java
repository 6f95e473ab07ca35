package io.ciosync.mapping;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

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

/** Mappings beyond renames, through the HTTP API: what the stand-in receives, and bad mappings named at once. */
@QuarkusTest
@WithTestResource(CustomerIoStandInResource.class)
class MappingSyncTest {

    @InjectCustomerIo
    CustomerIoStandIn customerIo;

    @BeforeEach
    void reset() {
        customerIo.reset();
    }

    @Test
    void nestedPathsConstantsTypesAndNullsReachCustomerIo() {
        Map<String, Object> config = Jobs.v1Config(5);
        config.put(
                "mappings",
                List.of(
                        Map.of("from", "address.city", "to", "city"),
                        Map.of("from", "tags[0]", "to", "first_tag"),
                        Map.of("value", "warehouse", "to", "source"),
                        Map.of("from", "ltv", "to", "ltv", "type", "number"),
                        Map.of("from", "signup", "to", "created_at", "type", "timestamp"),
                        Map.of("from", "nickname", "to", "nickname", "nulls", "send")));
        String data = """
                [{"uid": "a", "address": {"city": "Lyon"}, "tags": ["vip", "beta"], "ltv": "12.5",
                  "signup": "2024-03-01T11:00:00Z", "nickname": null},
                 {"uid": "b", "tags": [], "ltv": 7, "signup": 1709290800000},
                 {"uid": "c", "signup": "soon"}]
                """;

        JsonPath job = Jobs.awaitFinished(Jobs.submit("{\"config\": " + toJson(config) + ", \"data\": " + data + "}"));

        assertThat(job.getString("status")).isEqualTo("completed_with_errors");
        assertThat(customerIo.requestCount()).isEqualTo(2);
        assertThat(customerIo.person("a"))
                .contains(Map.of(
                        "city",
                        "Lyon",
                        "first_tag",
                        "vip",
                        "source",
                        "warehouse",
                        "ltv",
                        12.5,
                        "created_at",
                        1709290800,
                        "nickname",
                        ""));
        assertThat(customerIo.person("b")).contains(Map.of("source", "warehouse", "ltv", 7, "created_at", 1709290800));
        assertThat(customerIo.person("c")).isEmpty();
        assertThat(job.getList("users.outcome")).containsExactly("synced", "synced", "skipped");
        assertThat(job.getString("users[2].error"))
                .isEqualTo("attribute 'created_at': 'soon' is neither ISO-8601 " + "nor epoch seconds or milliseconds");
        assertThat(job.getList("config.mappings")).hasSize(6);
        assertThat(customerIo.specViolations()).isEmpty();
    }

    @Test
    void everyBadMappingIsNamedAtOnceAndNoJobIsCreated() {
        Map<String, Object> config = Jobs.v1Config(5);
        config.remove("site-id");
        config.put(
                "mappings",
                List.of(
                        Map.of("from", "a", "value", "x", "to", "a"),
                        Map.of("to", "b"),
                        Map.of("from", "c..d", "to", "c"),
                        Map.of("from", "e", "to", "e", "type", "date"),
                        Map.of("from", "f", "to", "f", "nulls", "maybe"),
                        Map.of("value", List.of(1), "to", "g"),
                        Map.of("value", "abc", "to", "h", "type", "number")));

        given().contentType(ContentType.JSON)
                .body(Map.of("config", config, "data", Jobs.users("u", 1)))
                .when()
                .post("/syncs")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body(
                        "errors.field",
                        equalTo(List.of(
                                "config.mappings[0].from",
                                "config.mappings[1].from",
                                "config.mappings[2].from",
                                "config.mappings[3].type",
                                "config.mappings[4].nulls",
                                "config.mappings[5].value",
                                "config.mappings[6].value",
                                "config.site-id")));
        assertThat(customerIo.requestCount()).isZero();
    }

    private static String toJson(Object o) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
