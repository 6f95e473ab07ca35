package io.ciosync.store;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;

/**
 * Activates exactly one of the two datasources: PostgreSQL when {@code cio-sync.db.url} (CIO_SYNC_DB_URL) is set,
 * the embedded H2 file database otherwise. Explicit {@code quarkus.datasource."x".active} settings still win.
 */
public class DatabaseSelection implements ConfigSourceFactory {

    static final int ORDINAL = 240; // below application.properties (250), so explicit settings win

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue url = context.getValue("cio-sync.db.url");
        boolean postgres =
                url != null && url.getValue() != null && !url.getValue().isBlank();
        return List.of(
                new MapBackedConfigSource(
                        "cio-sync database selection",
                        Map.of(
                                "quarkus.datasource.h2.active", String.valueOf(!postgres),
                                "quarkus.datasource.postgresql.active", String.valueOf(postgres)),
                        ORDINAL) {});
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }
}
