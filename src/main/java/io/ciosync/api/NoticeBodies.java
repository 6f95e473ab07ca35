package io.ciosync.api;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.ciosync.notify.JobSummaries;
import io.ciosync.store.JobRecord;
import io.ciosync.store.JobStore;

/**
 * The body of a completion notice ({@link Views.Notice}): the job as {@code GET /syncs/{id}} shows it at the top level,
 * counted the same way, without its config or its users' outcomes. {@code io.ciosync.notify} sends it.
 */
@ApplicationScoped
class NoticeBodies implements JobSummaries {

    private final JobStore jobs;
    private final ObjectMapper json;

    NoticeBodies(JobStore jobs, ObjectMapper json) {
        this.jobs = jobs;
        this.json = json;
    }

    @Override
    public Optional<Object> summary(String jobId) {
        return jobs.find(jobId).map(this::notice);
    }

    private Views.Notice notice(JobRecord job) {
        return new Views.Notice(
                job.id(),
                job.status().wire(),
                Views.Counts.of(job, DryRuns.requested(job, json)),
                job.createdAt(),
                job.startedAt(),
                job.finishedAt(),
                job.error(),
                job.warnings(),
                Views.Links.of(job.id()),
                job.retryOf());
    }
}
