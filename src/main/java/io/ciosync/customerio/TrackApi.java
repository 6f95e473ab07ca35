package io.ciosync.customerio;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.quarkus.rest.client.reactive.Url;

/**
 * Customer.io's Track API, as far as cio-sync uses it. The host is per call ({@link Url}: the job's region) and so
 * are the credentials; the retry policy lives in {@link CustomerIo}, the status classification in {@link #classify}.
 */
@RegisterRestClient(configKey = "customerio")
@RegisterProvider(RequestMetrics.class)
interface TrackApi {

    /**
     * v1 identify: creates or updates one person (UTF-8 JSON attributes); the identifier is one path segment, sent as
     * it is given: encoded by {@link PathSegment} (the client would leave {@code .}, {@code ..} and {@code ;} as
     * they are).
     */
    @PUT
    @Path("/api/v1/customers/{identifier}")
    @Consumes(MediaType.APPLICATION_JSON)
    void identify(
            @Url String host,
            @HeaderParam("Authorization") String authorization,
            @PathParam("identifier") @Encoded String identifier,
            byte[] attributesJson);

    /** v2 batch: many entries in one request (a UTF-8 JSON body under 500,000 bytes); 200 or 207 name the rejected ones. */
    @POST
    @Path("/api/v2/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    BatchAnswer batch(@Url String host, @HeaderParam("Authorization") String authorization, byte[] body);

    @ClientExceptionMapper
    static RuntimeException classify(Response response) {
        return CustomerIoException.fromResponse(response);
    }
}
