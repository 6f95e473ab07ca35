package io.ciosync.store;

import java.util.Locale;

/** What happened to one user of a job. */
public enum Outcome {
    PENDING,
    SYNCED,
    FAILED,
    SKIPPED,
    /** A dry run's user that passed mapping and limits: it would have been sent. */
    WOULD_SYNC,
    /** Not sent: its job was cancelled first. */
    CANCELLED,
    /** Not sent: Customer.io already accepted this exact payload for this user ({@code skipUnchanged}). */
    UNCHANGED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Outcome fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
