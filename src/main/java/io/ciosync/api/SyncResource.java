package io.ciosync.api;

import java.io.InputStream;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ciosync.InvalidRequestException;
import io.ciosync.delivery.Cancellation;
import io.ciosync.ingest.Ingestor;
import io.ciosync.ingest.Submission;
import io.ciosync.ingest.SubmissionReader;
import io.ciosync.store.JobRecord;
import io.ciosync.store.JobStore;
import io.ciosync.store.JobWaits;
import io.ciosync.ingest.Retries;
import io.ciosync.notify.NoticeStore;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.RunOnVirtualThread;

/**
 * Sync jobs: submit one (202 + Location), read its status and every user's outcome. Every call is authenticated
 * (a bearer token, see {@code io.ciosync.api.auth}); a job belongs to the tenant that created it and is not found
 * by any other.
 */
@Path("/syncs")
@Produces(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
@Authenticated
public class SyncResource {

    private final SubmissionReader reader;
    private final Ingestor ingestor;
    private final JobStore jobs;
    private final ObjectMapper json;
    private final SecurityIdentity caller;
    private final DryRuns dryRuns;
    private final JobList jobList;
    private final OutcomeExport export;
    private final Cancellation cancellation;
    private final Retries retries;
    private final IdempotentSubmit idempotent;
    private final OutcomePages pages;
    private final NoticeStore notices;
    private final JobWaits waits;

    SyncResource(SubmissionReader reader, Ingestor ingestor, JobStore jobs, ObjectMapper json,
            SecurityIdentity caller, DryRuns dryRuns, JobList jobList, OutcomeExport export, Cancellation cancellation,
            Retries retries, IdempotentSubmit idempotent, OutcomePages pages, NoticeStore notices, JobWaits waits) {
        this.pages = pages;
        this.waits = waits;
        this.idempotent = idempotent;
        this.notices = notices;
        this.cancellation = cancellation;
        this.retries = retries;
        this.jobList = jobList;
        this.export = export;
        this.dryRuns = dryRuns;
        this.reader = reader;
        this.caller = caller;
        this.ingestor = ingestor;
        this.jobs = jobs;
        this.json = json;
    }

    /** {@code {"config": {...}, "data": [...]}}, or {@code configFile}/{@code dataFile} references. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<Views.Accepted> submit(InputStream body,
            @RestHeader(IdempotentSubmit.HEADER) String idempotencyKey) {
        IdempotentSubmit.HashedBody hashed = new IdempotentSubmit.HashedBody(body);
        Submission submission = reader.fromJson(tenant(), hashed.stream());
        return idempotent.submit(tenant(), idempotencyKey, hashed.hex(), submission, this::accept);
    }

    /** The original files as they are: {@code curl -F config=@config.json -F data=@data.json}. */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public RestResponse<Views.Accepted> submitFiles(MultipartFormDataInput form,
            @RestHeader(IdempotentSubmit.HEADER) String idempotencyKey) {
        Map<String, Collection<FormValue>> parts = form.getValues();
        SubmissionReader.Part config = part(parts, "config");
        SubmissionReader.Part data = part(parts, "data");
        Submission submission = reader.fromParts(tenant(), config, data);
        String hash = idempotencyKey == null ? null : IdempotentSubmit.hash(config, data);
        return idempotent.submit(tenant(), idempotencyKey, hash, submission, this::accept);
    }

    /** The jobs, newest first: {@code ?status=failed&limit=50&after=CURSOR}. */
    @GET
    public Views.JobPage list(@RestQuery String status, @RestQuery Integer limit, @RestQuery String after) {
        return jobList.page(tenant(), status, limit, after);
    }

    @GET
    @Path("{id}")
    public Views.Job get(@RestPath String id) {
        JobRecord job = jobs.find(id, tenant()).orElseThrow(() -> notFound(id));
        Views.OutcomePage first = pages.first(id);
        ObjectNode config = redacted(job.configJson());
        Views.DryRun dryRun = dryRuns.report(job, config).orElse(null);
        return new Views.Job(job.id(), job.status().wire(), Views.Counts.of(job, dryRun != null),
                job.createdAt(), job.startedAt(), job.finishedAt(), job.error(), config,
                job.warnings(), first.items(), first.next(), Views.Links.of(id), dryRun,
                job.retryOf(), notices.status(id, config).orElse(null), waiting(job));
    }

    private Views.Waiting waiting(JobRecord job) {
        return job.status().finished() ? null : waits.of(job.id())
                .map(w -> new Views.Waiting(w.reason(), w.since())).orElse(null);
    }

    /**
     * A page of outcomes as JSON, or, with {@code Accept: text/csv} or {@code application/x-ndjson}, every outcome
     * streamed ({@code limit} and {@code after} do not apply).
     */
    @GET
    @Path("{id}/users")
    @Produces({ MediaType.APPLICATION_JSON, OutcomeExport.CSV, OutcomeExport.NDJSON })
    public Response users(@RestPath String id, @RestQuery String outcome, @RestQuery Integer limit,
            @RestQuery String after, HttpHeaders headers) {
        jobs.find(id, tenant()).orElseThrow(() -> notFound(id));
        Optional<String> export = OutcomeExport.requested(headers.getAcceptableMediaTypes());
        if (export.isPresent()) {
            return Response.ok(this.export.stream(id, OutcomePages.filter(outcome), export.get()), export.get())
                    .build();
        }
        return Response.ok(pages.page(id, outcome, limit, after), MediaType.APPLICATION_JSON).build();
    }

    /** Stops a queued or running job: users not yet sent end {@code cancelled}. 409 if it has already ended. */
    @POST
    @Path("{id}/cancel")
    public Views.Job cancel(@RestPath String id) {
        JobRecord job = jobs.find(id, tenant()).orElseThrow(() -> notFound(id));
        if (!cancellation.cancel(id)) {
            throw new InvalidRequestException(409, List.of(new InvalidRequestException.Violation("id",
                    "the job has already ended (" + job.status().wire() + ")")));
        }
        return get(id);
    }

    /** A new job over this one's failed users only, same config, linked by {@code retryOf}. */
    @POST
    @Path("{id}/retry")
    public RestResponse<Views.Accepted> retry(@RestPath String id) {
        Retries.Created job = retries.retry(jobs.find(id, tenant()).orElseThrow(() -> notFound(id)));
        return RestResponse.ResponseBuilder.create(RestResponse.Status.ACCEPTED,
                new Views.Accepted(job.id(), job.status().wire(), job.total(), List.of(), Views.Links.of(job.id())))
                .header(HttpHeaders.LOCATION, "/syncs/" + job.id()).build();
    }

    private RestResponse<Views.Accepted> accept(Submission submission) {
        try (submission) {
            Ingestor.Accepted job = ingestor.ingest(submission, tenant());
                return RestResponse.ResponseBuilder.create(RestResponse.Status.ACCEPTED,
                    new Views.Accepted(job.id(), job.status().wire(), job.total(), job.warnings(),
                            Views.Links.of(job.id())))
                    .header(HttpHeaders.LOCATION, "/syncs/" + job.id()).build();
        }
    }

    /** The caller's tenant: the name its API token was configured with. */
    private String tenant() {
        return caller.getPrincipal().getName();
    }

    private static SubmissionReader.Part part(Map<String, Collection<FormValue>> parts, String name) {
        Collection<FormValue> values = parts.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw InvalidRequestException.of(name, "is given more than once");
        }
        FormValue value = values.iterator().next();
        String type = value.getHeaders() == null ? null : value.getHeaders().getFirst("Content-Type");
        return value.isFileItem()
                ? new SubmissionReader.Part(value.getFileItem().getFile(), null, value.getFileName(), type)
                : new SubmissionReader.Part(null, value.getValue(), value.getFileName(), type);
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

    private static NotFoundException notFound(String id) {
        return new NotFoundException("no sync job with id " + id);
    }
}
