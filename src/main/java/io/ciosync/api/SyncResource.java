package io.ciosync.api;

import java.io.InputStream;
import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.RunOnVirtualThread;

/**
 * Sync jobs: submit one (202 + Location), read its status and every user's outcome. Every call is authenticated
 * (a bearer token, see {@code io.ciosync.api.auth}); a job belongs to the tenant that created it and is not found
 * by any other. The work is done by services ({@link SyncSubmissions}, {@link JobViews}, ...); this class maps HTTP.
 */
@Path("/syncs")
@Produces(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
@Authenticated
public class SyncResource {

    private final SyncSubmissions submissions;
    private final JobViews views;
    private final JobList jobList;
    private final OutcomeExport export;
    private final JobActions actions;
    private final SecurityIdentity caller;

    SyncResource(
            SyncSubmissions submissions,
            JobViews views,
            JobList jobList,
            OutcomeExport export,
            JobActions actions,
            SecurityIdentity caller) {
        this.submissions = submissions;
        this.views = views;
        this.jobList = jobList;
        this.export = export;
        this.actions = actions;
        this.caller = caller;
    }

    /** {@code {"config": {...}, "data": [...]}}, or {@code configFile}/{@code dataFile} references. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<Views.Accepted> submit(
            InputStream body, @RestHeader(IdempotentSubmit.HEADER) String idempotencyKey) {
        return submissions.fromJson(tenant(), body, idempotencyKey);
    }

    /** The original files as they are: {@code curl -F config=@config.json -F data=@data.json}. */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public RestResponse<Views.Accepted> submitFiles(
            MultipartFormDataInput form, @RestHeader(IdempotentSubmit.HEADER) String idempotencyKey) {
        return submissions.fromParts(tenant(), form.getValues(), idempotencyKey);
    }

    /** The jobs, newest first: {@code ?status=failed&limit=50&after=CURSOR}. */
    @GET
    public Views.JobPage list(@RestQuery String status, @RestQuery Integer limit, @RestQuery String after) {
        return jobList.page(tenant(), status, limit, after);
    }

    @GET
    @Path("{id}")
    public Views.Job get(@RestPath String id) {
        return views.get(id, tenant());
    }

    /**
     * A page of outcomes as JSON, or, with {@code Accept: text/csv} or {@code application/x-ndjson}, every outcome
     * streamed ({@code limit} and {@code after} do not apply).
     */
    @GET
    @Path("{id}/users")
    @Produces({MediaType.APPLICATION_JSON, OutcomeExport.CSV, OutcomeExport.NDJSON})
    public Response users(
            @RestPath String id,
            @RestQuery String outcome,
            @RestQuery Integer limit,
            @RestQuery String after,
            HttpHeaders headers) {
        views.find(id, tenant());
        Optional<String> export = OutcomeExport.requested(headers.getAcceptableMediaTypes());
        if (export.isPresent()) {
            return Response.ok(this.export.stream(id, OutcomePages.filter(outcome), export.get()), export.get())
                    .build();
        }
        return Response.ok(views.page(id, outcome, limit, after), MediaType.APPLICATION_JSON)
                .build();
    }

    /** Stops a queued or running job: users not yet sent end {@code cancelled}. 409 if it has already ended. */
    @POST
    @Path("{id}/cancel")
    public Views.Job cancel(@RestPath String id) {
        actions.cancel(id, tenant());
        return get(id);
    }

    /** A new job over this one's failed users only, same config, linked by {@code retryOf}. */
    @POST
    @Path("{id}/retry")
    public RestResponse<Views.Accepted> retry(@RestPath String id) {
        return actions.retry(id, tenant());
    }

    /** The caller's tenant: the name its API token was configured with. */
    private String tenant() {
        return caller.getPrincipal().getName();
    }
}
