package io.ciosync.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ciosync.mapping.UserMapper.MappedUser;

/** The original script's mapping semantics, and Customer.io's limits checked before sending. */
class UserMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final UserMapper mapper = new UserMapper(new SyncConfig(
            "s",
            "k",
            "uid",
            5,
            List.of(new SyncConfig.Mapping("computed_ltv", "ltv"), new SyncConfig.Mapping("name", "name")),
            "us",
            "v2",
            null));

    @Test
    void sendsExactlyTheMappedFieldsThatArePresent() throws Exception {
        MappedUser user = mapper.map(json("{\"uid\": \"123\", \"name\": \"John Doe\", \"revenue\": 100}"));

        assertThat(user.skipped()).isFalse();
        assertThat(user.userId()).isEqualTo("123");
        assertThat(new String(user.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"name\":\"John Doe\"}");
    }

    @Test
    void keepsValueTypesAndDecimals() throws Exception {
        MappedUser user = mapper.map(json("{\"uid\": 7, \"computed_ltv\": 123.45, \"name\": \"Ünïcödé 李\"}"));

        assertThat(new String(user.payload(), StandardCharsets.UTF_8))
                .isEqualTo("{\"ltv\":123.45,\"name\":\"Ünïcödé 李\"}");
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
        assertThat(mapper.map(json("{\"uid\": \"" + "é".repeat(76) + "\"}")).skipReason())
                .contains("152 bytes");
        assertThat(mapper.map(json("{\"uid\": \"1\", \"name\": \"" + "x".repeat(1001) + "\"}"))
                        .skipReason())
                .contains("attribute 'name' is 1001 bytes");
        assertThat(mapper.map(json("{\"uid\": \"1\", \"name\": \"" + "x".repeat(1000) + "\"}"))
                        .skipped())
                .isFalse();
        assertThat(mapper.map(json("[1]")).skipReason()).contains("not a JSON object");
    }

    @Test
    void aUserWhoseBatchEntryWouldPassCustomerIosLimitIsSkippedInBatchJobsOnly() throws Exception {
        List<SyncConfig.Mapping> forty = IntStream.range(0, 40)
                .mapToObj(i -> new SyncConfig.Mapping("a" + i, "a" + i))
                .toList();
        ObjectNode record = JSON.createObjectNode().put("uid", "big");
        IntStream.range(0, 40).forEach(i -> record.put("a" + i, "x".repeat(1000))); // 40 attributes of 1000 bytes

        MappedUser batch = new UserMapper(new SyncConfig("s", "k", "uid", 5, forty, "us", "v2", null)).map(record);
        MappedUser v1 = new UserMapper(new SyncConfig("s", "k", "uid", 5, forty, "us", "v1", null)).map(record);

        int entryBytes = BatchEntry.bytes(Identifier.ID, "big", v1.payload().length);
        assertThat(entryBytes).isGreaterThan(BatchEntry.MAX_BYTES);
        assertThat(batch.skipReason()).contains(entryBytes + " bytes").contains("32000");
        assertThat(v1.skipped()).isFalse();
    }

    @Test
    void batchEntrySizeIsExactlyTheUtf8SizeOfTheEntry() throws Exception {
        String payload = "{\"name\":\"Søren 李 😀\"}";
        String entry = BatchEntry.of("ü\"\\/1", payload);

        assertThat(BatchEntry.bytes("ü\"\\/1", payload)).isEqualTo(entry.getBytes(StandardCharsets.UTF_8).length);
        assertThat(JSON.readTree(entry).path("identifiers").path("id").asText()).isEqualTo("ü\"\\/1");
        assertThat(JSON.readTree(entry).path("attributes").path("name").asText())
                .isEqualTo("Søren 李 😀");
    }

    @Test
    void batchEntryWrittenAsBytesIsTheEntryInUtf8ForEveryIdentifierKind() {
        byte[] payload = "{\"name\":\"Søren 李 😀\"}".getBytes(StandardCharsets.UTF_8);
        for (var kind :
                new Object[][] {{Identifier.ID, "ü\"\\/1"}, {Identifier.EMAIL, "a@b.c"}, {Identifier.CIO_ID, "cio_abc"}
                }) {
            Identifier identifier = (Identifier) kind[0];
            String id = (String) kind[1];
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

            BatchEntry.write(out, identifier, id, payload);

            String entry = BatchEntry.of(identifier, id, new String(payload, StandardCharsets.UTF_8));
            assertThat(out.toByteArray()).isEqualTo(entry.getBytes(StandardCharsets.UTF_8));
            assertThat(BatchEntry.bytes(identifier, id, payload.length)).isEqualTo(out.size());
        }
    }

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }
}
