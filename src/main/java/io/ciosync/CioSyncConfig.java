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

    interface Db {
        /** JDBC URL of a PostgreSQL database; when set it replaces the embedded H2 database (CIO_SYNC_DB_URL). */
        Optional<String> url();

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

        /**
         * Requests per second one Customer.io workspace (site id + region) receives from cio-sync: all its jobs and
         * all replicas together, first tries and retries alike (CIO_SYNC_CUSTOMERIO_RATE_LIMIT). A job's
         * {@code rateLimit} can only lower its own share.
         */
        @WithDefault("1000")
        int rateLimit();
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

        /** How long shutdown waits for chunks in flight before releasing them to other replicas. */
        @WithDefault("20s")
        Duration shutdownGrace();

        /** Users per chunk of a v2 (batch) job: big enough to carry several full batches, so they go out in parallel. */
        @WithDefault("20000")
        int batchChunkSize();

        /** How often a replica records that it is alive and recounts the live ones (each takes budget ÷ live). */
        @WithDefault("5s")
        Duration replicaHeartbeat();

        /** A replica not seen for this long is dead: the others take its share of every workspace's budget. */
        @WithDefault("20s")
        Duration replicaExpiry();
    }

    interface Secrets {
        /** Base64 AES key (16 or 32 bytes) that encrypts API keys at rest; generated under data-dir on H2 when unset. */
        Optional<String> key();
    }
}
