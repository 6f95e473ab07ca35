package io.ciosync.store;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Space for jobs on the embedded database ({@code cio-sync.disk.*}), unused on PostgreSQL; see docs/disk-space.md. */
@ConfigMapping(prefix = "cio-sync.disk")
public interface DiskConfig {

    /**
     * Bytes the embedded database grows by per byte of a job's (uncompressed) data, over the job's whole life (its
     * users, their outcomes, the database's own churn), margin included: measured 2.16 at worst, so 2.5.
     */
    @WithDefault("2.5")
    double storedPerInputByte();

    /**
     * Space the data directory always keeps free: a job is accepted only if its estimate leaves this much, and
     * storing one stops (507, job removed) when less is left. Room for outcomes, removals and housekeeping.
     */
    @WithDefault("32M")
    MemorySize reserve();
}
