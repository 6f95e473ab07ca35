package io.ciosync.api;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.resteasy.reactive.RestResponse;

import io.ciosync.InvalidRequestException;
import io.ciosync.delivery.Cancellation;
import io.ciosync.ingest.Retries;
import io.ciosync.store.JobRecord;

/** What a client does to a job of its tenant once it exists: cancel it, retry it. */
@ApplicationScoped
class JobActions {

    private final JobViews views;
    private final Cancellation cancellation;
    private final Retries retries;

    JobActions(JobViews views, Cancellation cancellation, Retries retries) {
        this.views = views;
        this.cancellation = cancellation;
        this.retries = retries;
    }

    /** Stops a queued or running job; 409 if it has already ended. */
    void cancel(String id, String tenant) {
        JobRecord job = views.find(id, tenant);
        if (!cancellation.cancel(id)) {
            throw new InvalidRequestException(
                    409,
                    List.of(new InvalidRequestException.Violation(
                            "id", "the job has already ended (" + job.status().wire() + ")")));
        }
    }

    /** A new job over this one's failed users only. */
    RestResponse<Views.Accepted> retry(String id, String tenant) {
        Retries.Created job = retries.retry(views.find(id, tenant));
        return SyncSubmissions.accepted(
                new Views.Accepted(job.id(), job.status().wire(), job.total(), List.of(), Views.Links.of(job.id())));
    }
}
