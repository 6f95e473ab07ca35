package io.ciosync.store;

import java.time.OffsetDateTime;

/** A schedule as stored: {@code jobRequest} is the sync request it replays, without the API key. */
public record ScheduleRecord(
        String id,
        String tenant,
        String cron,
        String timeZone,
        String jobRequest,
        String apiKeyEncrypted,
        Boolean skipUnchanged,
        OffsetDateTime nextFire,
        int skippedTicks,
        OffsetDateTime createdAt) {}
