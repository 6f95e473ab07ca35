package io.ciosync.ingest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Ingestion ({@code cio-sync.ingest.*}): reading submitted users before they are stored. */
@ConfigMapping(prefix = "cio-sync.ingest")
public interface IngestConfig {

    /**
     * Submissions read (decompressed, checked, parsed) at once on this replica, each on platform threads of its own
     * so that parsing never holds the virtual threads serving requests; more wait their turn.
     */
    @WithDefault("2")
    int concurrentJobs();
}
