package io.ciosync.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class AppConfigTest {

    @Test
    void readsEveryMappingsKeysAndDefaultsThroughSmallRyeConfig() throws Exception {
        Map<String, Optional<String>> keys = AppConfig.mappingKeys();

        assertEquals(Optional.of("./data"), keys.get("cio-sync.data-dir")); // CioSyncConfig
        assertEquals(Optional.of("60s"), keys.get("cio-sync.delivery.lease")); // delivery.DeliveryConfig
        assertEquals(Optional.of("500"), keys.get("cio-sync.delivery.chunk-size")); // job.ChunkConfig, same prefix
        assertEquals(Optional.of("https://track.customer.io"), keys.get("cio-sync.customerio.us-url"));
        assertEquals(Optional.empty(), keys.get("cio-sync.db.url")); // Optional, no default
        assertTrue(keys.containsKey("cio-sync.workspaces.*.site-id")); // a map of groups
        assertTrue(keys.containsKey("cio-sync.api-tokens"));
        assertFalse(keys.containsKey("cio-sync.api-tokens[*]"));
        assertTrue(keys.keySet().stream().anyMatch(k -> k.startsWith("cio-sync.notify."))); // notify.NotifyConfig
    }

    @Test
    void envNamesMatchKeysTheWaySmallRyeSpellsThem() {
        assertTrue(AppConfig.envPattern("cio-sync.db.url")
                .matcher("CIO_SYNC_DB_URL")
                .matches());
        assertTrue(AppConfig.envPattern("cio-sync.workspaces.*.site-id")
                .matcher("CIO_SYNC_WORKSPACES_PROD_SITE_ID")
                .matches());
        assertFalse(AppConfig.envPattern("cio-sync.workspaces.*.site-id")
                .matcher("CIO_SYNC_WORKSPACES__SITEID")
                .matches());
        assertFalse(AppConfig.envPattern("cio-sync.db.url")
                .matcher("CIO_SYNC_DB_URI")
                .matches());
    }

    @Test
    void readsQuarkusDurations() {
        assertEquals(java.time.Duration.ofSeconds(3), AppConfig.duration("3s"));
        assertEquals(java.time.Duration.ofMillis(100), AppConfig.duration("100ms"));
        assertEquals(java.time.Duration.ofSeconds(20), AppConfig.duration("PT20S"));
        assertEquals(java.time.Duration.ofSeconds(5), AppConfig.duration("5"));
    }
}
