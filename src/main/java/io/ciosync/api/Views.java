package io.ciosync.api;

import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import io.ciosync.store.JobRecord;
import io.ciosync.store.NoticeStatus;

/** The JSON shapes of the sync API. */
final class Views {

    private Views() {}

    /** 202 answer to a submission. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Accepted(String id, String status, int total, List<String> warnings, Links links) {}

    record Links(String self, String users) {
        static Links of(String id) {
            return new Links("/syncs/" + id, "/syncs/" + id + "/users");
        }
    }

    /** Users by outcome; {@code wouldSync} counts a dry run's users that would have been sent (0 otherwise). */
    record Counts(
            int total, int pending, int synced, int failed, int skipped, int cancelled, int unchanged, int wouldSync) {
        /** A dry run has nothing pending: the users it did not skip are {@code would_sync}. */
        static Counts of(JobRecord job, boolean dryRun) {
            return new Counts(
                    job.total(),
                    dryRun ? 0 : job.pending(),
                    job.synced(),
                    job.failed(),
                    job.skipped(),
                    job.cancelled(),
                    job.unchanged(),
                    dryRun ? job.pending() : 0);
        }
    }

    /** {@code GET /syncs/{id}}: status, counts, redacted config, and the first page of outcomes. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Job(
            String id,
            String status,
            Counts counts,
            OffsetDateTime createdAt,
            OffsetDateTime startedAt,
            OffsetDateTime finishedAt,
            String error,
            JsonNode config,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> warnings,
            List<UserOutcome> users,
            String usersNext,
            Links links,
            @JsonInclude(JsonInclude.Include.NON_NULL) DryRun dryRun,
            @JsonInclude(JsonInclude.Include.NON_NULL) String retryOf,

            @JsonProperty("notify") @JsonInclude(JsonInclude.Include.NON_NULL)
            NoticeStatus notice,

            @JsonInclude(JsonInclude.Include.NON_NULL) Waiting waiting) {}

    /**
     * Why a running job is not moving now, and since when: Customer.io unreachable (its workspace's delivery is
     * paused), or requests being retried.
     */
    record Waiting(String reason, OffsetDateTime since) {}

    /**
     * The body of a completion notice ({@code "notify": {"url": ...}}), POSTed once the job has ended: the top level of
     * {@link Job} without the config and the outcomes of its users.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Notice(
            String id,
            String status,
            Counts counts,
            OffsetDateTime createdAt,
            OffsetDateTime startedAt,
            OffsetDateTime finishedAt,
            String error,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> warnings,
            Links links,
            @JsonInclude(JsonInclude.Include.NON_NULL) String retryOf) {}

    /** A dry run's report: how many users would be sent, and exactly what the first of them would receive. */
    record DryRun(int wouldSync, List<Preview> preview) {}

    /** One would-be request: {@code PUT /api/v1/customers/{identifier}} with {@code attributes} as its body. */
    record Preview(String userId, String identifier, JsonNode attributes) {}

    /** One job in {@code GET /syncs}. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record JobSummary(
            String id,
            String status,
            Counts counts,
            OffsetDateTime createdAt,
            OffsetDateTime startedAt,
            OffsetDateTime finishedAt,
            String error,
            Links links) {}

    /** A page of jobs, newest first; {@code next} is the cursor for {@code after}, null on the last page. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record JobPage(List<JobSummary> items, String next) {}

    /** One user's outcome. */
    record UserOutcome(String userId, String outcome, Integer httpStatus, int attempts, String error) {}

    /** A page of outcomes; {@code next} is the cursor for {@code after}, null on the last page. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record OutcomePage(List<UserOutcome> items, String next) {}
}
