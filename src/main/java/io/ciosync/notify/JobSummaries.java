package io.ciosync.notify;

import java.util.Optional;

/**
 * The body of a job's completion notice: its summary as {@code GET /syncs/{id}} shows it at the top level (status,
 * counts, times, error…), without the outcomes of its users, its config or any secret. Implemented by the API layer,
 * which owns that JSON shape; this package only delivers it.
 */
public interface JobSummaries {

    /** The header a notice names its job with, so a receiver can drop one it got twice (delivery is at least once). */
    String JOB_HEADER = "X-Cio-Sync-Job";

    /** The job's summary, serialized as JSON by the application's ObjectMapper; empty when the job is gone. */
    Optional<Object> summary(String jobId);
}
