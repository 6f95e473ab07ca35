package io.ciosync.notify;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Completion notices ({@code cio-sync.notify.*}): a job config's {@code notify.url} receives the job's summary once the
 * job has ended. The keys are described in docs/operations.md ("Server configuration"), the notices in
 * docs/notices.md.
 */
@ConfigMapping(prefix = "cio-sync.notify")
public interface NotifyConfig {
    /** URL prefixes a job's {@code notify.url} must start with (CIO_SYNC_NOTIFY_ALLOWED_URLS). */
    Optional<List<String>> allowedUrls();

    /**
     * How often each replica looks for ended jobs and due notices: a notice leaves at most this late (the scheduler
     * checks once a second, so shorter values act as 1s).
     */
    @WithDefault("1s")
    Duration pollEvery();

    /** POSTs of one notice, the first included, before it is given up. */
    @WithDefault("8")
    int maxAttempts();

    /** Wait after the first failed POST; it doubles after each further one, up to {@link #maxBackoff()}. */
    @WithDefault("1s")
    Duration backoff();

    /** Longest wait between two POSTs of one notice. */
    @WithDefault("5m")
    Duration maxBackoff();

    /** How long a notice stays claimed by a replica that no longer renews it. */
    @WithDefault("60s")
    Duration lease();

    /** Notices one replica claims (and sends at once) per poll. */
    @WithDefault("10")
    int batch();
}
