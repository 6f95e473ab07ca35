package io.ciosync.customerio;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where Customer.io is and how much of it cio-sync may use ({@code cio-sync.customerio.*}). */
@ConfigMapping(prefix = "cio-sync.customerio")
public interface CustomerIoConfig {

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
