package io.ciosync.customerio;

import java.util.concurrent.CancellationException;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.ExecutionContext;

import io.smallrye.faulttolerance.api.BeforeRetryHandler;

/**
 * Before each retry (after its backoff delay), waits for the retry's permit of the workspace's budget, and so out
 * any pause a {@code Retry-After} started. It runs outside the per-attempt timeout, so waiting is never a timeout.
 */
@ApplicationScoped
public class RetryPermit implements BeforeRetryHandler {

    @Override
    public void handle(ExecutionContext context) {
        RequestMetrics.retried(context.getFailure());
        for (Object parameter : context.getParameters()) {
            if (parameter instanceof Attempts attempts) {
                try {
                    attempts.awaitPermit();
                } catch (CancellationException e) {
                    return; // interrupted (shutdown): the interrupt flag is set, the retry ends at once
                }
            }
        }
    }
}
