package io.ciosync;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Server-side settings of cio-sync; every key also reads from its environment variable (CIO_SYNC_...). What each key
 * does and its default are described once, in docs/operations.md ("Server configuration"); the lines here name them.
 */
@ConfigMapping(prefix = "cio-sync")
public interface CioSyncConfig {

    /** Directory of the embedded H2 database and the generated secret key (CIO_SYNC_DATA_DIR). */
    @WithDefault("./data")
    Path dataDir();

    /** The only directory that {@code configFile}/{@code dataFile} references may point into (CIO_SYNC_FILES_ROOT). */
    @WithDefault("./data/files")
    Path filesRoot();

    /** Largest file a reference may name. */
    @WithDefault("2G")
    io.quarkus.runtime.configuration.MemorySize maxFileSize();

    /** Finished jobs older than this are purged with their outcomes (CIO_SYNC_RETENTION). */
    @WithDefault("30d")
    Duration retention();

    /** How often housekeeping runs: purge, stranded jobs, abandoned ingests. */
    @WithDefault("10m")
    Duration housekeepingEvery();

    /** How often the job gauges (pending users, active jobs) are read from the database. */
    @WithDefault("5s")
    Duration metricsRefreshEvery();

    /** Jobs deleted per transaction by the purge, so it never holds long locks. */
    @WithDefault("20")
    int retentionBatch();

    /** Outcomes per page in {@code GET /syncs/{id}} and the default of {@code /syncs/{id}/users}. */
    @WithDefault("100")
    int pageSize();

    /**
     * API bearer tokens, {@code tenant:token} entries separated by commas (CIO_SYNC_API_TOKENS); a tenant may have
     * several (rotation). When none is set, one is generated for tenant {@code default} at every start.
     */
    Optional<List<String>> apiTokens();

    /**
     * Customer.io workspaces job configs may name ({@code "workspace": "prod"}) instead of sending a site id and
     * API key: {@code cio-sync.workspaces.prod.site-id}, {@code cio-sync.workspaces.prod.api-key}.
     */
    Map<String, NamedWorkspace> workspaces();

    /** Most users one job may hold; more is refused with 413 and no job (CIO_SYNC_MAX_USERS_PER_JOB). */
    @WithDefault("5000000")
    int maxUsersPerJob();

    /** Largest JSON record of one user in the data; a larger one refuses the request with 413. */
    @WithDefault("2M")
    io.quarkus.runtime.configuration.MemorySize maxUserRecordSize();

    /** Users whose exact payloads a dry run shows in {@code GET /syncs/{id}} ({@code dryRun.preview}). */
    @WithDefault("20")
    int dryRunPreview();

    interface NamedWorkspace {
        /** The workspace's Track API site id. */
        String siteId();

        /** The workspace's Track API key; never shown, logged or stored in plain text. */
        String apiKey();

        /** The tenants that may name this workspace, or {@code *} (docs/tenancy.md). */
        Optional<List<String>> tenants();
    }
}
