package io.ciosync.store;

/**
 * A CDI event: chunks of job {@code jobId} were queued for delivery (its first as it is read, the rest as they are
 * written, or a retry's). Fired by whoever creates the job; delivery observes it and wakes its idle workers.
 */
public record JobQueued(String jobId) {}
