package io.ciosync.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.ciosync.mapping.UserMapper.MappedUser;

/** Mappings beyond renames: nested paths, constants, type conversion and nulls. */
class RichMappingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    @Test
    void nestedPathsReachIntoObjectsAndArrays() throws Exception {
        MappedUser user = map(
                List.of(
                        new SyncConfig.Mapping("address.city", "city"),
                        new SyncConfig.Mapping("tags[1]", "second_tag"),
                        new SyncConfig.Mapping("orders[0].items[0].sku", "sku"),
                        new SyncConfig.Mapping("address.zip", "zip"),
                        new SyncConfig.Mapping("tags[5]", "sixth")),
                "{\"uid\": 1, \"address\": {\"city\": \"Lyon\"}, \"tags\": [\"a\", \"b\"], "
                        + "\"orders\": [{\"items\": [{\"sku\": \"X-1\"}]}]}");

        assertThat(new String(user.payload(), StandardCharsets.UTF_8))
                .isEqualTo("{\"city\":\"Lyon\",\"second_tag\":\"b\",\"sku\":\"X-1\"}");
    }

    @Test
    void aFieldWhoseNameHasADotIsStillReadAsItIs() throws Exception {
        MappedUser user =
                map(List.of(new SyncConfig.Mapping("utm.source", "source")), "{\"uid\": 1, \"utm.source\": \"ads\"}");

        assertThat(new String(user.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"source\":\"ads\"}");
    }

    @Test
    void constantsAndTypesAreApplied() throws Exception {
        MappedUser user = map(
                List.of(
                        new SyncConfig.Mapping(null, "plan", F.textNode("pro"), null, null),
                        new SyncConfig.Mapping("ltv", "ltv", null, "number", null),
                        new SyncConfig.Mapping("zip", "zip", null, "string", null),
                        new SyncConfig.Mapping("vip", "vip", null, "boolean", null),
                        new SyncConfig.Mapping("signup", "created_at", null, "timestamp", null),
                        new SyncConfig.Mapping("seen", "last_seen", null, "timestamp", null),
                        new SyncConfig.Mapping("born", "born", null, "timestamp", null)),
                "{\"uid\": 1, \"ltv\": \"123.45\", \"zip\": 75001, \"vip\": \"TRUE\", "
                        + "\"signup\": \"2024-03-01T12:00:00+01:00\", \"seen\": 1709290800999, \"born\": \"2000-01-01\"}");

        assertThat(new String(user.payload(), StandardCharsets.UTF_8))
                .isEqualTo("{\"plan\":\"pro\",\"ltv\":123.45,\"zip\":\"75001\","
                        + "\"vip\":true,\"created_at\":1709290800,\"last_seen\":1709290800,\"born\":946684800}");
    }

    @Test
    void aConversionErrorSkipsThatUserWithTheReason() throws Exception {
        List<SyncConfig.Mapping> mappings =
                List.of(new SyncConfig.Mapping("signup", "created_at", null, "timestamp", null));

        MappedUser bad = map(mappings, "{\"uid\": 1, \"signup\": \"last tuesday\"}");
        MappedUser good = map(mappings, "{\"uid\": 2, \"signup\": \"2024-03-01T11:00:00Z\"}");

        assertThat(bad.skipReason())
                .isEqualTo("attribute 'created_at': 'last tuesday' is neither ISO-8601 nor "
                        + "epoch seconds or milliseconds");
        assertThat(bad.userId()).isEqualTo("1");
        assertThat(new String(good.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"created_at\":1709290800}");
        assertThat(map(
                                List.of(new SyncConfig.Mapping("n", "n", null, "number", null)),
                                "{\"uid\": 3, \"n\": " + "\"12abc\"}")
                        .skipReason())
                .isEqualTo("attribute 'n': cannot convert '12abc' to number");
    }

    @Test
    void nullsAreSkippedByDefaultAndSentAsAClearingEmptyStringOnRequest() throws Exception {
        MappedUser user = map(
                List.of(
                        new SyncConfig.Mapping("a", "a"),
                        new SyncConfig.Mapping("b", "b", null, "number", "send"),
                        new SyncConfig.Mapping("c", "c", null, null, "send")),
                "{\"uid\": 1, \"a\": null, \"b\": null}");

        assertThat(new String(user.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"b\":\"\"}");
    }

    private static MappedUser map(List<SyncConfig.Mapping> mappings, String record) throws Exception {
        JsonNode node = JSON.readTree(record);
        return new UserMapper(new SyncConfig("s", "k", "uid", 5, mappings, "us")).map(node);
    }
}
