package io.ciosync.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ciosync.mapping.UserMapper.MappedUser;

/** The original script's mapping semantics, and Customer.io's limits checked before sending. */
class UserMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final UserMapper mapper = new UserMapper(new SyncConfig("s", "k", "uid", 5,
            List.of(new SyncConfig.Mapping("computed_ltv", "ltv"), new SyncConfig.Mapping("name", "name")), "us"));

    @Test
    void sendsExactlyTheMappedFieldsThatArePresent() throws Exception {
        MappedUser user = mapper.map(json("{\"uid\": \"123\", \"name\": \"John Doe\", \"revenue\": 100}"));

        assertThat(user.skipped()).isFalse();
        assertThat(user.userId()).isEqualTo("123");
        assertThat(user.payload().toString()).isEqualTo("{\"name\":\"John Doe\"}");
    }

    @Test
    void keepsValueTypesAndDecimals() throws Exception {
        MappedUser user = mapper.map(json("{\"uid\": 7, \"computed_ltv\": 123.45, \"name\": \"Ünïcödé 李\"}"));

        assertThat(user.payload().toString()).isEqualTo("{\"ltv\":123.45,\"name\":\"Ünïcödé 李\"}");
    }

    @Test
    void numericIdsBecomeTheirDecimalString() throws Exception {
        assertThat(mapper.map(json("{\"uid\": 123}")).userId()).isEqualTo("123");
        assertThat(mapper.map(json("{\"uid\": 12345678901234567890}")).userId()).isEqualTo("12345678901234567890");
        assertThat(mapper.map(json("{\"uid\": 12.50}")).userId()).isEqualTo("12.5");
    }

    @Test
    void usersBreakingALimitAreSkippedWithTheReason() throws Exception {
        assertThat(mapper.map(json("{\"name\": \"x\"}")).skipReason()).contains("no 'uid' field");
        assertThat(mapper.map(json("{\"uid\": \"  \"}")).skipReason()).contains("blank");
        assertThat(mapper.map(json("{\"uid\": true}")).skipReason()).contains("a boolean");
        assertThat(mapper.map(json("{\"uid\": \"" + "é".repeat(76) + "\"}")).skipReason()).contains("152 bytes");
        assertThat(mapper.map(json("{\"uid\": \"1\", \"name\": \"" + "x".repeat(1001) + "\"}")).skipReason())
                .contains("attribute 'name' is 1001 bytes");
        assertThat(mapper.map(json("{\"uid\": \"1\", \"name\": \"" + "x".repeat(1000) + "\"}")).skipped()).isFalse();
        assertThat(mapper.map(json("[1]")).skipReason()).contains("not a JSON object");
    }

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }
}
