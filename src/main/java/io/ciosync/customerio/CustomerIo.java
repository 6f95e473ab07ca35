package io.ciosync.customerio;

import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.faulttolerance.api.BeforeRetry;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.vertx.core.http.HttpClosedException;

/**
 * The one place of cio-sync's fault-tolerance policy towards Customer.io: transient failures (I/O errors,
 * timeouts, 408, 429, 5xx) are retried up to 10 times with exponential backoff (250 ms doubling to 15 s, ±100 ms
 * jitter); a {@code Retry-After} pauses the whole workspace ({@link Attempts}); each attempt times out after 15 s;
 * a rejected request or refused credentials are not retried. Every attempt reports to the workspace's {@link Gate};
 * one the gate does not let in (an outage paused the workspace), or a retry of a stopped job, is not sent and ends
 * the retries ({@link NotSent}) without spending them. Every request waits for a permit of the workspace's
 * budget: the caller takes the first one, {@link RetryPermit} each retry's, outside the per-attempt timeout.
 *
 * <p>The policy is declared once, on the class: SmallRye Fault Tolerance applies it to each public method on its
 * own (a retry of {@link #batch} resends that batch only). Every value can be overridden in config by the class key,
 * e.g. {@code quarkus.fault-tolerance."io.ciosync.customerio.CustomerIo".retry.max-retries=8}; the per-method keys
 * of earlier versions ({@code "...CustomerIo/identify"}, {@code "...CustomerIo/batch"}) still work through
 * {@link PerMethodPolicyKeys}. See docs/delivery.md#failures.
 */
@ApplicationScoped
@Retry(
        maxRetries = 10,
        delay = 250,
        jitter = 100,
        maxDuration = 10,
        durationUnit = ChronoUnit.MINUTES,
        retryOn = {CustomerIoException.Transient.class, ProcessingException.class, TimeoutException.class},
        abortOn = {CustomerIoException.Rejected.class, CustomerIoException.Unauthorized.class, NotSent.class})
@ExponentialBackoff(factor = 2, maxDelay = 15_000) // milliseconds, as every value here
@Timeout(15_000)
@BeforeRetry(RetryPermit.class)
public class CustomerIo {

    private final TrackApi api;

    CustomerIo(@RestClient TrackApi api) {
        this.api = api;
    }

    /** Creates or updates one person; each attempt, first or retry, is counted in {@code attempts}. */
    public void identify(Workspace workspace, String identifier, byte[] attributesJson, Attempts attempts) {
        attempt(attempts, () -> {
            api.identify(workspace.host(), workspace.authorization(), PathSegment.encode(identifier), attributesJson);
            return null;
        });
    }

    /** Sends one v2 batch ({@code {"batch":[...]}}); each attempt, first or retry, is counted in {@code attempts}. */
    public BatchAnswer batch(Workspace workspace, byte[] body, Attempts attempts) {
        return attempt(attempts, () -> api.batch(workspace.host(), workspace.authorization(), body));
    }

    /** One attempt of either call, reported to {@code attempts}: started, reached or failed, answered. */
    private static <T> T attempt(Attempts attempts, Supplier<T> request) {
        attempts.started();
        try {
            T answer = request.get();
            attempts.reached();
            return answer;
        } catch (RuntimeException e) {
            throw outcome(asNetworkError(e), attempts);
        } finally {
            attempts.answered();
        }
    }

    /**
     * A connection that Customer.io (or a proxy before it) closed while a request was on it, which the HTTP client
     * reports as a bare {@link HttpClosedException} (seen when a kept-alive connection is closed as it is reused), is a
     * network error like a reset: retried, and counted towards a pause, not an internal error failing its users.
     */
    static RuntimeException asNetworkError(RuntimeException e) {
        return e instanceof HttpClosedException
                ? new ProcessingException("the connection was closed: " + e.getMessage(), e)
                : e;
    }

    /** Tells the workspace's gate how an attempt failed: Customer.io answered, or it was not reached. */
    private static RuntimeException outcome(RuntimeException e, Attempts attempts) {
        switch (e) {
            case CustomerIoException.Transient t -> {
                if (t.status() >= 500) {
                    attempts.failed(t);
                } else { // 408, 429: Customer.io is there, asking to wait
                    attempts.reachedTransiently(t);
                }
                attempts.retryAfter(t);
            }
            case CustomerIoException answered -> attempts.reached();
            default -> attempts.failed(e); // no connection, reset, or interrupted by the per-attempt timeout
        }
        return e;
    }
}
