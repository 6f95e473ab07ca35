package io.ciosync.schedule;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Recurring syncs ({@code cio-sync.schedules.*}). */
@ConfigMapping(prefix = "cio-sync.schedules")
public interface SchedulesConfig {
    /** Whether this replica fires recurring syncs (the one-shot command turns it off). */
    @WithDefault("true")
    boolean enabled();

    /** How often each replica looks for schedules that are due; a tick fires at most this late. */
    @WithDefault("1s")
    Duration tick();

    /** Runs (started, skipped or failed ticks) shown by {@code GET /schedules/{id}}. */
    @WithDefault("20")
    int recentRuns();
}
