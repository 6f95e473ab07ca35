package io.ciosync;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Server-side settings of cio-sync; every key also reads from its environment variable (CIO_SYNC_...). */
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
    }

    interface Secrets {
        /** Base64 AES key (16 or 32 bytes) that encrypts API keys at rest; generated under data-dir on H2 when unset. */
        Optional<String> key();
    }
}
