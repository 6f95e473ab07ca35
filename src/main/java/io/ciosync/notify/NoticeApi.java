package io.ciosync.notify;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.quarkus.rest.client.reactive.Url;

/**
 * The receiver of completion notices: one POST of a job's summary to the notice's whole URL ({@link Url}), redirects
 * never followed. Timeouts are {@code quarkus.rest-client.notify.connect-timeout} and {@code read-timeout}; retries are
 * not made here but scheduled in the database ({@link Notifier}), so they survive a restart and move between replicas.
 */
@RegisterRestClient(configKey = "notify")
@ClientHeaderParam(name = "User-Agent", value = "cio-sync")
interface NoticeApi {

    /** Answers with any status: only a 2xx counts as delivered, the caller reads it and closes the response. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    Response post(@Url String url, @HeaderParam(JobSummaries.JOB_HEADER) String jobId, byte[] summaryJson);
}
