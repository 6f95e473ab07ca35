package io.ciosync.store;

import java.time.OffsetDateTime;

/**
 * One tick of a schedule and what came of it; the job's status and counts are null once the job is purged (or
 * when no job was started).
 */
public record RunRecord(
        OffsetDateTime fireTime,
        OffsetDateTime firedAt,
        String firedBy,
        RunOutcome outcome,
        String jobId,
        String error,
        String jobStatus,
        Integer total,
        Integer synced,
        Integer failed,
        Integer skipped,
        Integer cancelled,
        Integer unchanged) {

    /** What a tick did. */
    public enum RunOutcome {
        /** The job is being ingested. */
        STARTING,
        /** The job was accepted. */
        STARTED,
        /** The previous job of the schedule was still running: nothing started. */
        SKIPPED,
        /** The job could not be started (e.g. its data file is gone); {@code error} says why. */
        FAILED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static RunOutcome fromWire(String value) {
            return valueOf(value.toUpperCase(java.util.Locale.ROOT));
        }
    }
}
