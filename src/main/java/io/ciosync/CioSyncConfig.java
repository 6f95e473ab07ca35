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

    Db db();

    CustomerIo customerio();

    Delivery delivery();

    Secrets secrets();

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

    /** Limits of the JSON parser (Jackson's StreamReadConstraints) for every request and file. */
    Json json();

    /** Users whose exact payloads a dry run shows in {@code GET /syncs/{id}} ({@code dryRun.preview}). */
    @WithDefault("20")
    int dryRunPreview();

    interface Db {
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

    interface CustomerIo {
        /** Track API host of US workspaces (CIO_SYNC_CUSTOMERIO_US_URL). */
        @WithDefault("https://track.customer.io")
        String usUrl();

        /** Track API host of EU workspaces (CIO_SYNC_CUSTOMERIO_EU_URL). */
        @WithDefault("https://track-eu.customer.io")
        String euUrl();

        /** Longest Retry-After that is honoured; longer answers wait this long. */
        @WithDefault("60s")
        Duration maxRetryAfter();

        /** Requests/s one Customer.io workspace receives from cio-sync (docs/delivery.md, "Rate budget"). */
        @WithDefault("1000")
        int rateLimit();

        /**
         * How long a workspace's delivery stays paused by a continuous outage (CIO_SYNC_CUSTOMERIO_MAX_OUTAGE); then
         * its users still pending fail, saying since when Customer.io has been unreachable.
         */
        @WithDefault("30m")
        Duration maxOutage();

        /** While a workspace's delivery is paused, one probe request is sent this often. */
        @WithDefault("5s")
        Duration probeEvery();

        /** Percentage of a workspace's last requests failing transiently (no connection, timeout, 5xx) pausing it. */
        @WithDefault("50")
        int outageFailureRate();

        /** How many of a workspace's last requests that percentage is taken over. */
        @WithDefault("20")
        int outageWindow();

        /** Fewest requests of a workspace before its failure rate can pause it. */
        @WithDefault("5")
        int outageMinRequests();
    }

    interface Delivery {
        /** Chunks this replica delivers at once (each bounded by its job's parallelism). */
        @WithDefault("4")
        int workers();

        /** Users per chunk: the unit that is claimed, leased, and re-sent at worst after a crash. */
        @WithDefault("500")
        int chunkSize();

        /** How often an idle worker looks for new chunks (new local jobs wake it at once). */
        @WithDefault("1s")
        Duration pollInterval();

        /** How long a claimed chunk stays leased without a heartbeat before another replica may take it. */
        @WithDefault("60s")
        Duration lease();

        /** How often this replica renews the leases of the chunks it is delivering (well under {@link #lease()}). */
        @WithDefault("15s")
        Duration heartbeatEvery();

        /** How often expired leases (of replicas that died) are looked for and handed back. */
        @WithDefault("10s")
        Duration reclaimEvery();

        /** How long shutdown waits for chunks in flight before releasing them to other replicas. */
        @WithDefault("20s")
        Duration shutdownGrace();

        /** How long a stopping replica waits, at most, until Customer.io counts its requests no more. */
        @WithDefault("2s")
        Duration quietBeforeLeaving();

        /** Users per chunk of a v2 (batch) job. */
        @WithDefault("5000")
        int batchChunkSize();

        /** How often a replica records that it is alive and recounts the live ones (each takes budget ÷ live). */
        @WithDefault("5s")
        Duration replicaHeartbeat();

        /** A replica not seen for this long is dead: the others take its share of every workspace's budget. */
        @WithDefault("20s")
        Duration replicaExpiry();
    }

    interface NamedWorkspace {
        /** The workspace's Track API site id. */
        String siteId();

        /** The workspace's Track API key; never shown, logged or stored in plain text. */
        String apiKey();

        /** The tenants that may name this workspace, or {@code *} (docs/tenancy.md). */
        Optional<List<String>> tenants();
    }

    interface Json {
        /** Deepest nesting of arrays and objects (400 beyond). */
        @WithDefault("64")
        int maxNestingDepth();

        /** Longest string value, in characters (413 beyond). */
        @WithDefault("1000000")
        int maxStringLength();

        /** Longest number, in characters (400 beyond). */
        @WithDefault("100")
        int maxNumberLength();

        /** Most bytes gzip data of one job may decompress to (413 beyond; docs/tenancy.md). */
        @WithDefault("512M")
        io.quarkus.runtime.configuration.MemorySize maxDecompressedSize();
    }

    interface Secrets {
        /** Base64 AES key (16 or 32 bytes) that encrypts API keys at rest; generated under data-dir on H2 when unset. */
        Optional<String> key();
    }
}
