package io.ciosync.api;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.ciosync.InvalidRequestException;
import io.ciosync.store.JobPages;
import io.ciosync.store.JobRecord;
import io.ciosync.store.JobStatus;

/** {@code GET /syncs}: a tenant's jobs, newest first, in keyset pages (the cursor is opaque to clients). */
@ApplicationScoped
class JobList {

    private static final int DEFAULT_PAGE = 50;

    private final JobPages jobs;
    private final ObjectMapper json;

    JobList(JobPages jobs, ObjectMapper json) {
        this.jobs = jobs;
        this.json = json;
    }

    Views.JobPage page(String tenant, String status, Integer limit, String after) {
        JobStatus filter = status(status);
        int size = PageLimit.of(limit, DEFAULT_PAGE);
        OffsetDateTime afterCreated = null;
        String afterId = null;
        if (after != null) {
            String[] cursor = decode(after);
            afterCreated = parseTime(cursor[0]);
            afterId = cursor[1];
        }
        List<JobRecord> page = jobs.list(tenant, filter, afterCreated, afterId, size + 1);
        List<Views.JobSummary> items =
                page.stream().limit(size).map(this::summary).toList();
        String next = page.size() > size ? encode(page.get(size - 1)) : null;
        return new Views.JobPage(items, next);
    }

    private Views.JobSummary summary(JobRecord job) {
        return new Views.JobSummary(
                job.id(),
                job.status().wire(),
                Views.Counts.of(job, DryRuns.requested(job, json)),
                job.createdAt(),
                job.startedAt(),
                job.finishedAt(),
                job.error(),
                Views.Links.of(job.id()));
    }

    private static JobStatus status(String status) {
        if (status == null) {
            return null;
        }
        try {
            JobStatus s = JobStatus.fromWire(status);
            if (s != JobStatus.INGESTING) {
                return s;
            }
        } catch (IllegalArgumentException e) {
            // named below
        }
        throw InvalidRequestException.of(
                "status", "must be one of queued, running, succeeded, " + "completed_with_errors, failed, cancelled");
    }

    private static String encode(JobRecord job) {
        String cursor = job.createdAt() + "|" + job.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(cursor.getBytes(StandardCharsets.UTF_8));
    }

    private static String[] decode(String after) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(after), StandardCharsets.UTF_8).split("\\|", 2);
            if (parts.length == 2) {
                return parts;
            }
        } catch (IllegalArgumentException e) {
            // named below
        }
        throw badCursor();
    }

    private static OffsetDateTime parseTime(String text) {
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw badCursor();
        }
    }

    private static InvalidRequestException badCursor() {
        return InvalidRequestException.of("after", "is not a cursor returned as \"next\" by this resource");
    }
}
