package io.ciosync.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ConfigMappingKeysTest {

    private static final String SOURCE = """
            package demo;
            /** Settings; see https://example.org/docs // not a comment inside javadoc */
            @ConfigMapping(prefix = "cio-sync")
            public interface Demo {
                /** Where data lives. */
                @WithDefault("./data")
                Path dataDir();

                // a line comment mentioning fake() ;
                Db db();

                Optional<Tls> tls();

                Map<String, Workspace> workspaces();

                @WithName("api-tokens")
                Optional<String> tokens();

                default String computed() {
                    return "x";
                }

                interface Db {
                    @WithDefault("https://db.example.org:5432/x")
                    Optional<String> url();
                }

                interface Tls {
                    boolean enabled();
                }

                interface Workspace {
                    String siteId();
                    String apiKey();
                }
            }
            """;

    @Test
    void readsNestedGroupsMapsNamesAndDefaults() {
        Map<String, Optional<String>> keys = ConfigMappingKeys.parse(SOURCE);
        assertEquals(java.util.Set.of("cio-sync.data-dir", "cio-sync.db.url", "cio-sync.tls.enabled",
                "cio-sync.workspaces.*.site-id", "cio-sync.workspaces.*.api-key", "cio-sync.api-tokens"), keys.keySet());
        assertEquals(Optional.of("./data"), keys.get("cio-sync.data-dir"));
        assertEquals(Optional.of("https://db.example.org:5432/x"), keys.get("cio-sync.db.url"));
        assertEquals(Optional.empty(), keys.get("cio-sync.tls.enabled"));
    }

    @Test
    void envNamesMatchKeysTheWaySmallRyeSpellsThem() {
        assertTrue(AppConfig.envPattern("cio-sync.db.url").matcher("CIO_SYNC_DB_URL").matches());
        assertTrue(AppConfig.envPattern("cio-sync.workspaces.*.site-id").matcher("CIO_SYNC_WORKSPACES_PROD_SITE_ID").matches());
        assertFalse(AppConfig.envPattern("cio-sync.workspaces.*.site-id").matcher("CIO_SYNC_WORKSPACES__SITEID").matches());
        assertFalse(AppConfig.envPattern("cio-sync.db.url").matcher("CIO_SYNC_DB_URI").matches());
    }

    @Test
    void readsQuarkusDurations() {
        assertEquals(java.time.Duration.ofSeconds(3), AppConfig.duration("3s"));
        assertEquals(java.time.Duration.ofMillis(100), AppConfig.duration("100ms"));
        assertEquals(java.time.Duration.ofSeconds(20), AppConfig.duration("PT20S"));
        assertEquals(java.time.Duration.ofSeconds(5), AppConfig.duration("5"));
    }
}
