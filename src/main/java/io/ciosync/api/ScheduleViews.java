package io.ciosync.api;

import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/** The JSON shapes of the schedules API. */
final class ScheduleViews {

    private ScheduleViews() {}

    /**
     * A schedule: when it fires, the sync request it replays ({@code job}, API key shown as {@code ****}), how many
     * ticks were skipped because the previous job still ran, and (one schedule only) its latest runs.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Schedule(
            String id,
            String cron,
            String timeZone,
            Boolean skipUnchanged,
            JsonNode job,
            OffsetDateTime nextFireAt,
            OffsetDateTime createdAt,
            int skippedTicks,
            List<Run> recentRuns,
            Links links) {}

    /** One tick: {@code outcome} started, starting, skipped or failed; the job's status and counts while it exists. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Run(
            OffsetDateTime fireTime,
            OffsetDateTime firedAt,
            String outcome,
            String jobId,
            String jobStatus,
            Views.Counts counts,
            String error,
            RunLinks links) {}

    record RunLinks(String job) {}

    record Links(String self) {}

    record ScheduleList(List<Schedule> items) {}
}
