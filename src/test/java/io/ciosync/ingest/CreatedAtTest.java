package io.ciosync.ingest;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Customer.io reads created_at as Unix seconds: epoch milliseconds are sent as seconds, with a job warning. */
@QuarkusTest
@WithTestResource(CustomerIoStandInResource.class)
class CreatedAtTest {

    @InjectCustomerIo
    CustomerIoStandIn us;

    @BeforeEach
    void reset() {
        us.reset();
    }

    private static Map<String, Object> config(String api, Map<String, Object> createdAt) {
        Map<String, Object> config = Jobs.config(5);
        config.put("api", api);
        config.put("mappings", List.of(Map.of("from", "name", "to", "name"), createdAt));
        return config;
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1", "v2"})
    void millisecondsArriveAsSecondsWithAWarning(String api) {
        List<Map<String, Object>> users = List.of(
                Map.of("uid", "ms", "name", "M", "signup", 1700000000000L),
                Map.of("uid", "s", "name", "S", "signup", 1700000000),
                Map.of("uid", "ms2", "signup", 1700000001999L));

        JsonPath job = Jobs.awaitFinished(Jobs.submit(
                Map.of("config", config(api, Map.of("from", "signup", "to", "created_at")), "data", users)));

        assertThat(job.getString("status")).isEqualTo("succeeded");
        assertThat(us.person("ms")).contains(Map.of("name", "M", "created_at", 1700000000));
        assertThat(us.person("s")).contains(Map.of("name", "S", "created_at", 1700000000));
        assertThat(us.person("ms2")).contains(Map.of("created_at", 1700000001));
        assertThat(job.getList("warnings", String.class))
                .singleElement()
                .asString()
                .startsWith("config.mappings[1]: 2 users' created_at was over 10^11, read as epoch milliseconds")
                .contains("1700000000000 as 1700000000");
        assertThat(us.specViolations()).isEmpty();
    }

    @Test
    void aTimestampTypeConvertsIsoDatesAndKeepsSecondsWithoutAWarning() {
        List<Map<String, Object>> users = List.of(
                Map.of("uid", "iso", "signup", "2023-11-14T22:13:20Z"),
                Map.of("uid", "sec", "signup", 1700000000),
                Map.of("uid", "ms", "signup", "1700000000000"),
                Map.of("uid", "day", "signup", "2023-11-14"));

        JsonPath job = Jobs.awaitFinished(Jobs.submit(Map.of(
                "config",
                config("v2", Map.of("from", "signup", "to", "created_at", "type", "timestamp")),
                "data",
                users)));

        assertThat(job.getString("status")).isEqualTo("succeeded");
        assertThat(job.getList("warnings")).isNullOrEmpty();
        assertThat(us.person("iso")).contains(Map.of("created_at", 1700000000));
        assertThat(us.person("sec")).contains(Map.of("created_at", 1700000000));
        assertThat(us.person("ms")).contains(Map.of("created_at", 1700000000));
        assertThat(us.person("day")).contains(Map.of("created_at", 1699920000));
    }

    @Test
    void aStringInANestedCreatedAtPathSkipsItsUser() {
        List<Map<String, Object>> users = List.of(
                Map.of("uid", "n1", "meta", Map.of("signup", "2023-11-14")),
                Map.of("uid", "n2", "meta", Map.of("signup", 1700000000)));

        JsonPath job = Jobs.awaitFinished(Jobs.submit(
                Map.of("config", config("v1", Map.of("from", "meta.signup", "to", "created_at")), "data", users)));

        assertThat(job.getList("users.outcome")).containsExactly("skipped", "synced");
        assertThat(job.getString("users[0].error"))
                .isEqualTo(
                        "attribute 'created_at' is the string '2023-11-14', "
                                + "and Customer.io reads it as Unix seconds: add \"type\": \"timestamp\" to the mapping to convert it");
        assertThat(us.identifyCount("n1")).isZero();
    }
}
