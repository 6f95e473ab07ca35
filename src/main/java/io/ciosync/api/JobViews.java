package io.ciosync.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ciosync.store.JobRecord;
import io.ciosync.store.JobStore;
import io.ciosync.store.JobWaits;
import io.ciosync.store.NoticeStore;

/** One job of a tenant as {@code GET /syncs/{id}} shows it: status, counts, redacted config, first outcomes. */
@ApplicationScoped
class JobViews {

    private final JobStore jobs;
    private final ObjectMapper json;
    private final DryRuns dryRuns;
    private final OutcomePages pages;
    private final NoticeStore notices;
    private final JobWaits waits;

    JobViews(
            JobStore jobs,
            ObjectMapper json,
            DryRuns dryRuns,
            OutcomePages pages,
            NoticeStore notices,
            JobWaits waits) {
        this.jobs = jobs;
        this.json = json;
        this.dryRuns = dryRuns;
        this.pages = pages;
        this.notices = notices;
        this.waits = waits;
    }

    /** The tenant's job; another tenant's is not found, as if it did not exist (404). */
    JobRecord find(String id, String tenant) {
        return jobs.find(id, tenant).orElseThrow(() -> new NotFoundException("no sync job with id " + id));
    }

    Views.Job get(String id, String tenant) {
        JobRecord job = find(id, tenant);
        Views.OutcomePage first = pages.first(id);
        ObjectNode config = redacted(job.configJson());
        Views.DryRun dryRun = dryRuns.report(job, config).orElse(null);
        return new Views.Job(
                job.id(),
                job.status().wire(),
                Views.Counts.of(job, dryRun != null),
                job.createdAt(),
                job.startedAt(),
                job.finishedAt(),
                job.error(),
                config,
                job.warnings(),
                first.items(),
                first.next(),
                Views.Links.of(id),
                dryRun,
                job.retryOf(),
                notices.status(id, config).orElse(null),
                waiting(job));
    }

    /** A page of a job's outcomes ({@code GET /syncs/{id}/users}); the job was found. */
    Views.OutcomePage page(String id, String outcome, Integer limit, String after) {
        return pages.page(id, outcome, limit, after);
    }

    private Views.Waiting waiting(JobRecord job) {
        return job.status().finished()
                ? null
                : waits.of(job.id())
                        .map(w -> new Views.Waiting(w.reason(), w.since()))
                        .orElse(null);
    }

    private ObjectNode redacted(String configJson) {
        try {
            ObjectNode config = (ObjectNode) json.readTree(configJson);
            config.put("api-key", "****");
            return config;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored config is not JSON", e);
        }
    }
}
