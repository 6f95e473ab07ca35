package io.ciosync.store;

import java.util.Locale;

/** The life of a job; {@code ingesting} jobs are not yet accepted and invisible to clients. */
public enum JobStatus {
    INGESTING,
    QUEUED,
    RUNNING,
    SUCCEEDED,
    COMPLETED_WITH_ERRORS,
    FAILED,
    CANCELLED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    public boolean finished() {
        return this == SUCCEEDED || this == COMPLETED_WITH_ERRORS || this == FAILED || this == CANCELLED;
    }
}
