package io.ciosync.store;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How a job is cut into chunks when it is stored and when its failed users are retried
 * ({@code cio-sync.delivery.chunk-size}, {@code cio-sync.delivery.batch-chunk-size}).
 */
@ConfigMapping(prefix = "cio-sync.delivery")
public interface ChunkConfig {

    /** Users per chunk: the unit that is claimed, leased, and re-sent at worst after a crash. */
    @WithDefault("500")
    int chunkSize();

    /**
     * Users per chunk of a v2 (batch) job: a few full batches, sent in parallel; small enough that replicas share a
     * job and a crash re-sends little.
     */
    @WithDefault("5000")
    int batchChunkSize();
}
