package io.ciosync.customerio;

import java.util.concurrent.TimeUnit;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.client.ClientResponseFilter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;

/**
 * Times every request to Customer.io by endpoint ({@code identify}, {@code batch}) and status class, and counts
 * 429s, so operators see how Customer.io is answering without reading logs. Labels are bounded: never an id.
 */
public class RequestMetrics implements ClientRequestFilter, ClientResponseFilter {

    private static final String STARTED = RequestMetrics.class.getName() + ".started";

    @Override
    public void filter(ClientRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
    }

    @Override
    public void filter(ClientRequestContext request, ClientResponseContext response) {
        Object started = request.getProperty(STARTED);
        String endpoint = request.getUri().getRawPath().startsWith("/api/v2/batch") ? "batch" : "identify";
        int status = response.getStatus();
        if (started instanceof Long start) {
            Timer.builder("ciosync.customerio.requests").description("Requests to Customer.io's Track API, by "
                    + "endpoint and status class").tag("endpoint", endpoint).tag("status_class", statusClass(status))
                    .publishPercentileHistogram().register(Metrics.globalRegistry)
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
        if (status == 429) {
            Counter.builder("ciosync.customerio.throttled").description("429 answers from Customer.io")
                    .tag("endpoint", endpoint).register(Metrics.globalRegistry).increment();
        }
    }

    /** {@code 2xx}, {@code 4xx}, {@code 5xx}…, or {@code none} when no answer came (I/O error: status 0 here). */
    static String statusClass(int status) {
        return status < 100 ? "none" : status / 100 + "xx";
    }

    /** A retry is about to be sent (any endpoint). */
    static void retried() {
        Counter.builder("ciosync.customerio.retries").description("Requests to Customer.io sent again after a "
                + "transient failure").register(Metrics.globalRegistry).increment();
    }
}
