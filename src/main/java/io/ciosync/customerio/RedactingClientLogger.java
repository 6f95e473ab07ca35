package io.ciosync.customerio;

import java.util.HashSet;
import java.util.Set;

import jakarta.enterprise.context.Dependent;

import org.jboss.resteasy.reactive.client.api.ClientLogger;
import org.jboss.resteasy.reactive.client.logging.DefaultClientLogger;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;

/**
 * The REST client's request/response logger ({@code quarkus.rest-client.logging.scope=request-response}), with the
 * {@code Authorization} header (Basic site id : API key) always masked, whatever
 * {@code quarkus.rest-client.logging.masked-headers} says.
 */
@Dependent // one per client: it keeps that client's body size and masked headers
class RedactingClientLogger implements ClientLogger {

    private final DefaultClientLogger delegate = new DefaultClientLogger();

    RedactingClientLogger() {
        delegate.setMaskedHeaders(Set.of("authorization"));
    }

    @Override
    public void setBodySize(int bodySize) {
        delegate.setBodySize(bodySize);
    }

    @Override
    public void setMaskedHeaders(Set<String> maskedHeaders) {
        Set<String> masked = new HashSet<>(maskedHeaders);
        masked.add("authorization");
        delegate.setMaskedHeaders(Set.copyOf(masked));
    }

    @Override
    public void logResponse(HttpClientResponse response, boolean redirect) {
        delegate.logResponse(response, redirect);
    }

    @Override
    public void logRequest(HttpClientRequest request, Buffer body, boolean omitBody) {
        delegate.logRequest(request, body, omitBody);
    }
}
