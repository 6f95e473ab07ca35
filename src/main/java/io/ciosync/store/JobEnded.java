package io.ciosync.store;

/**
 * A CDI event: job {@code jobId} ended outside delivery, at its acceptance, when its chunks were all delivered while
 * it was read (or it had none to deliver). Delivery observes it and forgets what it kept of the job.
 */
public record JobEnded(String jobId) {}
