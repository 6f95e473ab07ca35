package io.ciosync.store;

import java.util.Optional;

import io.quarkus.arc.Unremovable;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The database ({@code cio-sync.db.*}), read by the datasources in application.properties: no bean injects it, so it
 * is kept by {@link Unremovable} (Quarkus would otherwise drop it and its defaults, e.g. {@code h2-cache-kb}).
 */
@Unremovable
@ConfigMapping(prefix = "cio-sync.db")
public interface DbConfig {

    /** JDBC URL of a PostgreSQL database; when set it replaces the embedded H2 database (CIO_SYNC_DB_URL). */
    Optional<String> url();

    /** PostgreSQL user (CIO_SYNC_DB_USER). */
    @WithDefault("postgres")
    String user();

    /** PostgreSQL password (CIO_SYNC_DB_PASSWORD). */
    Optional<String> password();

    /** Page cache of the embedded H2 database in KiB, on the heap (H2's own default is 65536). */
    @WithDefault("32768")
    int h2CacheKb();
}
