package io.ciosync.api;

import java.io.InputStream;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ciosync.schedule.Schedules;
import io.ciosync.store.RunRecord;
import io.ciosync.store.ScheduleRecord;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.RunOnVirtualThread;

/**
 * Recurring syncs: {@code POST /schedules} with a Quartz {@code cron} and the sync request to replay ({@code config}
 * or {@code configFile}, and {@code dataFile}); list, read with its recent runs, delete.
 */
@Path("/schedules")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class ScheduleResource {

    private final Schedules schedules;
    private final ObjectMapper json;
    private final SecurityIdentity caller;

    ScheduleResource(Schedules schedules, ObjectMapper json, SecurityIdentity caller) {
        this.schedules = schedules;
        this.json = json;
        this.caller = caller;
    }

    /** The caller's tenant: a schedule belongs to the tenant that created it, like its jobs. */
    private String tenant() {
        return caller.getPrincipal().getName();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<ScheduleViews.Schedule> create(InputStream body) {
        ScheduleRecord schedule = schedules.create(body, tenant());
        return RestResponse.ResponseBuilder.create(RestResponse.Status.CREATED, view(schedule, List.of()))
                .header(HttpHeaders.LOCATION, "/schedules/" + schedule.id())
                .build();
    }

    @GET
    public ScheduleViews.ScheduleList list() {
        return new ScheduleViews.ScheduleList(
                schedules.list(tenant()).stream().map(s -> view(s, null)).toList());
    }

    @GET
    @Path("{id}")
    public ScheduleViews.Schedule get(@RestPath String id) {
        ScheduleRecord schedule = schedules.find(id, tenant()).orElseThrow(() -> notFound(id));
        return view(
                schedule,
                schedules.recentRuns(id).stream().map(ScheduleResource::view).toList());
    }

    @DELETE
    @Path("{id}")
    public RestResponse<Void> delete(@RestPath String id) {
        if (!schedules.delete(id, tenant())) {
            throw notFound(id);
        }
        return RestResponse.noContent();
    }

    private ScheduleViews.Schedule view(ScheduleRecord s, List<ScheduleViews.Run> runs) {
        return new ScheduleViews.Schedule(
                s.id(),
                s.cron(),
                s.timeZone(),
                s.skipUnchanged(),
                job(s),
                s.nextFire(),
                s.createdAt(),
                s.skippedTicks(),
                runs,
                new ScheduleViews.Links("/schedules/" + s.id()));
    }

    private static ScheduleViews.Run view(RunRecord r) {
        Views.Counts counts = r.total() == null
                ? null
                : new Views.Counts(
                        r.total(),
                        r.total() - r.synced() - r.failed() - r.skipped() - r.cancelled() - r.unchanged(),
                        r.synced(),
                        r.failed(),
                        r.skipped(),
                        r.cancelled(),
                        r.unchanged(),
                        0);
        return new ScheduleViews.Run(
                r.fireTime(),
                r.firedAt(),
                r.outcome().wire(),
                r.jobId(),
                r.jobStatus(),
                counts,
                r.error(),
                r.jobId() == null ? null : new ScheduleViews.RunLinks("/syncs/" + r.jobId()));
    }

    /** The replayed request, its API key (kept only encrypted) shown as {@code ****}. */
    private ObjectNode job(ScheduleRecord s) {
        try {
            ObjectNode request = (ObjectNode) json.readTree(s.jobRequest());
            if (s.apiKeyEncrypted() != null && request.get("config") instanceof ObjectNode config) {
                config.put("api-key", "****");
            }
            return request;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored schedule request is not JSON", e);
        }
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("no schedule with id " + id);
    }
}
