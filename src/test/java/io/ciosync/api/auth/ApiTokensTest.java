package io.ciosync.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing, matching and generation of the API tokens, without Quarkus. */
class ApiTokensTest {

    @TempDir
    Path dataDir;

    @Test
    void eachTokenNamesItsTenantAndATenantMayHaveSeveral() {
        ApiTokens tokens = new ApiTokens(
                List.of("team-a:aaaaaaaaaaaaaaaa1", " team-b:bbbbbbbbbbbbbbbb2", "team-a:aaaaaaaaaaaaaaaa3:with-colon"),
                dataDir);

        assertThat(tokens.tenantOf("aaaaaaaaaaaaaaaa1")).contains("team-a");
        assertThat(tokens.tenantOf("bbbbbbbbbbbbbbbb2")).contains("team-b");
        assertThat(tokens.tenantOf("aaaaaaaaaaaaaaaa3:with-colon")).contains("team-a");
        assertThat(tokens.tenantOf("aaaaaaaaaaaaaaaa")).isEmpty();
        assertThat(tokens.tenantOf("")).isEmpty();
        assertThat(dataDir.resolve(ApiTokens.TOKEN_FILE)).doesNotExist();
    }

    @Test
    void malformedEntriesStopTheStartNamingTheEntryButNeverTheToken() {
        assertThatThrownBy(() -> new ApiTokens(List.of("no-colon-secret-value"), dataDir))
                .hasMessageContaining("entry 1")
                .hasMessageNotContaining("secret-value");
        assertThatThrownBy(
                        () -> new ApiTokens(List.of("ok:aaaaaaaaaaaaaaaa1", "bad tenant:bbbbbbbbbbbbbbbb2"), dataDir))
                .hasMessageContaining("entry 2")
                .hasMessageNotContaining("bbbbbbbbbbbbbbbb2");
        for (String dots : List.of(".", "..", "...")) { // a tenant's directory would be the files root or above it
            assertThatThrownBy(() -> new ApiTokens(List.of(dots + ":aaaaaaaaaaaaaaaa1"), dataDir))
                    .hasMessageContaining("entry 1 must be tenant:token")
                    .hasMessageContaining("not only dots");
        }
        assertThat(new ApiTokens(List.of(".team.:aaaaaaaaaaaaaaaa1"), dataDir).tenantOf("aaaaaaaaaaaaaaaa1"))
                .contains(".team.");
        assertThatThrownBy(() -> new ApiTokens(List.of("team-a:short"), dataDir))
                .hasMessageContaining("at least 16 characters")
                .hasMessageNotContaining("short");
        assertThatThrownBy(() -> new ApiTokens(List.of("a:aaaaaaaaaaaaaaaa1", "b:aaaaaaaaaaaaaaaa1"), dataDir))
                .hasMessageContaining("the same token is given twice");
    }

    @Test
    void withoutConfiguredTokensOneIsGeneratedForTheDefaultTenantIntoAnOwnerOnlyFile() throws IOException {
        ApiTokens tokens = new ApiTokens(List.of(), dataDir);

        Path file = dataDir.resolve(ApiTokens.TOKEN_FILE);
        String token = Files.readString(file).trim();
        assertThat(token).hasSizeGreaterThanOrEqualTo(43);
        assertThat(tokens.tenantOf(token)).contains(ApiTokens.GENERATED_TENANT);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");

        new ApiTokens(List.of(), dataDir); // a restart generates a new one: the old token stops working
        assertThat(Files.readString(file).trim()).isNotEqualTo(token);
    }
}
