package io.ciosync.store;

/** One user's stored outcome; {@code seq} is its position in the input (and the page cursor). */
public record UserOutcome(int seq, String userId, Outcome outcome, Integer httpStatus, int attempts, String error) {}
