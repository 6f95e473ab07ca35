package io.ciosync.store;

import java.time.OffsetDateTime;
import java.util.List;

/** A job as stored: its config is the redacted JSON text (no API key). */
public record JobRecord(
        String id,
        String tenant,
        JobStatus status,
        String configJson,
        List<String> warnings,
        int total,
        int synced,
        int failed,
        int skipped,
        String error,
        OffsetDateTime createdAt,
        OffsetDateTime startedAt,
        OffsetDateTime finishedAt,
        int cancelled,
        String retryOf,
        int unchanged) {

    public int pending() {
        return total - synced - failed - skipped - cancelled - unchanged;
    }
}
