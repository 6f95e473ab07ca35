package io.ciosync.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A bounded value (a user record, an inline config) is refused once it has taken more bytes than its limit: as soon as
 * what its tokens hold passes the limit (so a hostile record's tree stops growing there), and by the exact byte count
 * once it has been read (whitespace and multi-byte characters count as the bytes they are).
 */
class BoundedParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LIMIT = 10_000;

    @Test
    void aRecordOverItsLimitIsRefusedLongBeforeItsEnd() throws IOException {
        StringBuilder record = new StringBuilder("{");
        for (int i = 0; i < 1_000; i++) {
            record.append(i == 0 ? "" : ",")
                    .append("\"f")
                    .append(i)
                    .append("\":\"")
                    .append("x".repeat(100))
                    .append('"');
        }
        BoundedParser parser = atFirstRecord("[" + record + "}]");

        assertThatThrownBy(parser::readValueAsTree)
                .isInstanceOf(JsonLimits.TooLarge.class)
                .hasMessageContaining("is larger than 10000 bytes (the test limit)");
        // about 110,000 bytes in all: the tree stopped growing within a few tokens of the limit
        assertThat(parser.currentLocation().getByteOffset()).isBetween((long) LIMIT, LIMIT + 500L);
    }

    @Test
    void whitespaceCountsAsTheBytesItIs() throws IOException {
        BoundedParser parser = atFirstRecord("[{\"id\":" + " ".repeat(LIMIT) + "1}]");

        assertThatThrownBy(parser::readValueAsTree).isInstanceOf(JsonLimits.TooLarge.class);
    }

    @Test
    void aCharacterCountsAsItsUtf8Bytes() throws IOException {
        // 6,000 characters, 12,000 bytes in UTF-8
        BoundedParser parser = atFirstRecord("[{\"name\":\"" + "é".repeat(6_000) + "\"}]");

        assertThatThrownBy(parser::readValueAsTree).isInstanceOf(JsonLimits.TooLarge.class);
    }

    @Test
    void aRecordWithinItsLimitIsReadWholeAndTheNextOneFreely() throws IOException {
        BoundedParser parser = atFirstRecord("[{\"id\":\"1\",\"name\":\"" + "y".repeat(LIMIT - 40)
                + "\"},{\"id\":\"2\",\"big\":\"" + "z".repeat(3 * LIMIT) + "\"}]");

        JsonNode first = parser.readValueAsTree();
        parser.unlimited();
        assertThat(first.get("id").asText()).isEqualTo("1");
        assertThat(first.get("name").asText()).hasSize(LIMIT - 40);
        assertThat(parser.nextToken()).isEqualTo(JsonToken.START_OBJECT);
        JsonNode second = parser.readValueAsTree();
        assertThat(second.get("big").asText()).hasSize(3 * LIMIT);
    }

    private static BoundedParser atFirstRecord(String json) throws IOException {
        BoundedParser parser =
                BoundedParser.ofRecords(JSON, new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), false);
        assertThat(parser.nextToken()).isEqualTo(JsonToken.START_ARRAY);
        assertThat(parser.nextToken()).isEqualTo(JsonToken.START_OBJECT);
        parser.limitNext(LIMIT, "data[0]", "the test limit");
        return parser;
    }
}
