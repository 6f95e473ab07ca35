package io.ciosync.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.ciosync.mapping.UserMapper.MappedUser;
import io.ciosync.store.SkipReason;

/** What the mapper tells the preflight: created_at in seconds, the email to compare, the kind of a skip. */
class PreflightMappingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static UserMapper mapper(SyncConfig.Mapping... mappings) {
        return new UserMapper(new SyncConfig("s", "k", "uid", 5, List.of(mappings), "us"));
    }

    private static MappedUser map(UserMapper mapper, String record) throws Exception {
        return mapper.map(JSON.readTree(record));
    }

    private static String payload(MappedUser user) {
        return new String(user.payload(), StandardCharsets.UTF_8);
    }

    @Test
    void createdAtOverTenToTheElevenIsMillisecondsAndCounted() throws Exception {
        UserMapper mapper =
                mapper(new SyncConfig.Mapping("t", "created_at"), new SyncConfig.Mapping("u", "updated_at"));

        assertThat(payload(map(mapper, "{\"uid\": 1, \"t\": 1700000000999, \"u\": 1700000000999}")))
                .isEqualTo("{\"created_at\":1700000000,\"updated_at\":1700000000999}");
        assertThat(payload(map(mapper, "{\"uid\": 2, \"t\": 100000000000}")))
                .isEqualTo("{\"created_at\":100000000000}");
        assertThat(payload(map(mapper, "{\"uid\": 3, \"t\": -1700000000000}")))
                .isEqualTo("{\"created_at\":-1700000000}");
        assertThat(mapper.millisCreatedAt()).isEqualTo(2);
        assertThat(mapper.exampleMillis()).isEqualTo(1700000000999L);
    }

    @Test
    void aNumberTypeConvertsANumericStringThenTheSameRuleApplies() throws Exception {
        UserMapper mapper = mapper(new SyncConfig.Mapping("t", "created_at", null, "number", null));

        assertThat(payload(map(mapper, "{\"uid\": 1, \"t\": \"1700000000000\"}")))
                .isEqualTo("{\"created_at\":1700000000}");
        assertThat(mapper.millisCreatedAt()).isEqualTo(1);
    }

    @Test
    void aTimestampTypeReadsSmallNumbersAsSeconds() throws Exception {
        UserMapper mapper = mapper(new SyncConfig.Mapping("t", "created_at", null, "timestamp", null));

        assertThat(payload(map(mapper, "{\"uid\": 1, \"t\": 1700000000}"))).isEqualTo("{\"created_at\":1700000000}");
        assertThat(payload(map(mapper, "{\"uid\": 2, \"t\": \"1700000000\"}")))
                .isEqualTo("{\"created_at\":1700000000}");
        assertThat(payload(map(mapper, "{\"uid\": 3, \"t\": 1700000000000}"))).isEqualTo("{\"created_at\":1700000000}");
        assertThat(mapper.millisCreatedAt())
                .as("a timestamp type says what it is: no warning")
                .isZero();
    }

    @Test
    void theEmailIsTrimmedAndLowerCasedAndEachSkipHasItsKind() throws Exception {
        UserMapper mapper =
                mapper(new SyncConfig.Mapping("e", "email"), new SyncConfig.Mapping("n", "n", null, "number", null));

        assertThat(map(mapper, "{\"uid\": 1, \"e\": \" A@X.com \"}").email()).isEqualTo("a@x.com");
        assertThat(map(mapper, "{\"uid\": 2, \"e\": \"  \"}").email()).isNull();
        assertThat(map(mapper, "{\"uid\": 3}").email()).isNull();
        assertThat(UserMapper.email("{\"email\":\"B@x.com\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("b@x.com");
        assertThat(map(mapper, "[1]").skipKind()).isEqualTo(SkipReason.INVALID_RECORD);
        assertThat(map(mapper, "{\"e\": \"a@x.com\"}").skipKind()).isEqualTo(SkipReason.INVALID_USER_ID);
        assertThat(map(mapper, "{\"uid\": 4, \"n\": \"x\"}").skipKind()).isEqualTo(SkipReason.INVALID_VALUE);
        assertThat(map(mapper, "{\"uid\": 5, \"e\": \"" + "x".repeat(1001) + "\"}")
                        .skipKind())
                .isEqualTo(SkipReason.OVER_LIMIT);
    }
}
