package io.ciosync.customerio;

import java.util.concurrent.TimeUnit;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.client.ClientResponseFilter;

import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;

/**
 * Times every request to Customer.io by endpoint ({@code identify}, {@code batch}) and status class, counts 429s,
 * refused credentials (401/403) and retries by reason, so operators see how Customer.io is answering without
 * reading logs. Labels are bounded: never an id.
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
            Timer.builder("ciosync.customerio.requests")
                    .description("Requests to Customer.io's Track API, by " + "endpoint and status class")
                    .tag("endpoint", endpoint)
                    .tag("status_class", statusClass(status))
                    .publishPercentileHistogram()
                    .register(Metrics.globalRegistry)
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
        if (status == 429) {
            Counter.builder("ciosync.customerio.throttled")
                    .description("429 answers from Customer.io")
                    .tag("endpoint", endpoint)
                    .register(Metrics.globalRegistry)
                    .increment();
        }
        if (status == 401 || status == 403) {
            Counter.builder("ciosync.customerio.unauthorized")
                    .description("401/403 answers from Customer.io: a " + "job's site id / API key refused")
                    .tag("endpoint", endpoint)
                    .tag("status", String.valueOf(status))
                    .register(Metrics.globalRegistry)
                    .increment();
        }
    }

    /** {@code 2xx}, {@code 4xx}, {@code 5xx}…, or {@code none} when no answer came (I/O error: status 0 here). */
    static String statusClass(int status) {
        return status < 100 ? "none" : status / 100 + "xx";
    }

    /** A retry is about to be sent (any endpoint) after {@code failure}, the failure of the attempt before it. */
    static void retried(Throwable failure) {
        Counter.builder("ciosync.customerio.retries")
                .description("Requests to Customer.io sent again after a " + "transient failure, by the failure's kind")
                .tag("reason", reason(failure))
                .register(Metrics.globalRegistry)
                .increment();
    }

    /**
     * What went wrong, in one of five words: {@code connection} (no answer: refused, reset, unknown host),
     * {@code timeout} (no answer in time), {@code throttled} (429), {@code server_error} (5xx, 408) or {@code other}.
     */
    static String reason(Throwable failure) {
        if (failure instanceof CustomerIoException.Transient answer) {
            return answer.status() == 429 ? "throttled" : "server_error";
        }
        if (failure instanceof TimeoutException || failure instanceof ProcessingException && timedOut(failure)) {
            return "timeout";
        }
        return failure instanceof ProcessingException ? "connection" : "other";
    }

    /** A read or connect timeout of the HTTP client (Vert.x and Netty name theirs ...Timeout...Exception). */
    private static boolean timedOut(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }
}
