package io.ciosync.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The checking pass refuses a key given twice in any object of a record, as Jackson's strict duplicate detection
 * would (with its message); the mapping pass, which comes with a checking pass, reads the same records as they are.
 */
class UserRecordsKeysTest {

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "[{\"id\": 1, \"a\": 1}, {\"id\": 2, \"a\": 1, \"b\": 2, \"a\": 3}]",
                "[{\"id\": 1, \"n\": {\"x\": 1, \"y\": [{\"z\": 1, \"z\": 2}]}}]",
                "[{\"id\": 1, \"n\": {\"x\": 1, \"x\": 2}}]",
                "[{\"id\": 1, \"list\": [{\"k\": 1}, {\"k\": 2}], \"list\": []}]"
            })
    void aKeyGivenTwiceAnywhereInARecordIsRefusedByTheCheckingPass(String data) throws IOException {
        assertThatThrownBy(() -> skipAll(data))
                .isInstanceOf(JsonParseException.class)
                .hasMessageStartingWith("Duplicate field '");
    }

    @Test
    void aKeyGivenTwiceInAWideRecordIsFoundToo() {
        String wide =
                IntStream.range(0, 40).mapToObj(i -> "\"k" + i + "\": " + i).collect(Collectors.joining(", "));
        assertThatThrownBy(() -> skipAll("[{" + wide + ", \"k7\": 0}]"))
                .isInstanceOf(JsonParseException.class)
                .hasMessageStartingWith("Duplicate field 'k7'");
    }

    @Test
    void theSameKeysInSiblingAndNestedObjectsAreNotDuplicates() throws IOException {
        String wide =
                IntStream.range(0, 40).mapToObj(i -> "\"k" + i + "\": " + i).collect(Collectors.joining(", "));
        String data = "[{\"id\": 1, \"a\": {\"id\": 2, \"a\": [{\"id\": 3, \"a\": 4}, {\"id\": 5}]}, \"b\": 1}, " + "{"
                + wide + ", \"id\": 2}, {" + wide + "}]";

        assertThat(skipAll(data)).isEqualTo(3);
        try (UserRecords records = open(data, false)) {
            assertThat(records.next().get("a").get("a").get(0).get("a").asInt()).isEqualTo(4);
        }
    }

    private int skipAll(String data) throws IOException {
        try (UserRecords records = open(data, true)) {
            int n = 0;
            while (records.skip()) {
                n++;
            }
            return n;
        }
    }

    private UserRecords open(String data, boolean checking) throws IOException {
        Path file = Files.writeString(dir.resolve("data.json"), data);
        return UserRecords.open(file, DataFormat.JSON_ARRAY, JSON, "data", checking);
    }
}
