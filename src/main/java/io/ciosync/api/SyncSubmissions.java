package io.ciosync.api;

import java.io.InputStream;
import java.util.Collection;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.multipart.FormValue;

import io.ciosync.InvalidRequestException;
import io.ciosync.ingest.Ingestor;
import io.ciosync.ingest.Submission;
import io.ciosync.ingest.SubmissionReader;

/** Submitting a job ({@code POST /syncs}): read, made idempotent by its key, ingested, answered 202 + Location. */
@ApplicationScoped
class SyncSubmissions {

    private final SubmissionReader reader;
    private final Ingestor ingestor;
    private final IdempotentSubmit idempotent;

    SyncSubmissions(SubmissionReader reader, Ingestor ingestor, IdempotentSubmit idempotent) {
        this.reader = reader;
        this.ingestor = ingestor;
        this.idempotent = idempotent;
    }

    /** {@code {"config": {...}, "data": [...]}}, or {@code configFile}/{@code dataFile} references. */
    RestResponse<Views.Accepted> fromJson(String tenant, InputStream body, String idempotencyKey) {
        IdempotentSubmit.HashedBody hashed = new IdempotentSubmit.HashedBody(body);
        Submission submission = reader.fromJson(tenant, hashed.stream());
        return idempotent.submit(tenant, idempotencyKey, hashed.hex(), submission, s -> accept(s, tenant));
    }

    /** The original files as they are, as multipart parts {@code config} and {@code data}. */
    RestResponse<Views.Accepted> fromParts(
            String tenant, Map<String, Collection<FormValue>> parts, String idempotencyKey) {
        SubmissionReader.Part config = part(parts, "config");
        SubmissionReader.Part data = part(parts, "data");
        Submission submission = reader.fromParts(tenant, config, data);
        String hash = idempotencyKey == null ? null : IdempotentSubmit.hash(config, data);
        return idempotent.submit(tenant, idempotencyKey, hash, submission, s -> accept(s, tenant));
    }

    private RestResponse<Views.Accepted> accept(Submission submission, String tenant) {
        try (submission) {
            Ingestor.Accepted job = ingestor.ingest(submission, tenant);
            return accepted(new Views.Accepted(
                    job.id(), job.status().wire(), job.total(), job.warnings(), Views.Links.of(job.id())));
        }
    }

    /** 202 with the job's Location. */
    static RestResponse<Views.Accepted> accepted(Views.Accepted job) {
        return RestResponse.ResponseBuilder.create(RestResponse.Status.ACCEPTED, job)
                .header(HttpHeaders.LOCATION, "/syncs/" + job.id())
                .build();
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
}
