package io.ciosync.delivery;

import java.time.Duration;

import io.ciosync.store.ChunkConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How this replica delivers chunks ({@code cio-sync.delivery.*}); the chunk sizes are in {@link ChunkConfig}. */
@ConfigMapping(prefix = "cio-sync.delivery")
public interface DeliveryConfig {

    /** Chunks this replica delivers at once (each bounded by its job's parallelism). */
    @WithDefault("4")
    int workers();

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

    /**
     * How long a stopping replica then waits, at most, until its last requests are a second behind their answers
     * (Customer.io counts them no more), before the others may take its share of the budgets; 0s: not at all.
     */
    @WithDefault("2s")
    Duration quietBeforeLeaving();

    /** How often a replica records that it is alive and recounts the live ones (each takes budget ÷ live). */
    @WithDefault("5s")
    Duration replicaHeartbeat();

    /** A replica not seen for this long is dead: the others take its share of every workspace's budget. */
    @WithDefault("20s")
    Duration replicaExpiry();
}
