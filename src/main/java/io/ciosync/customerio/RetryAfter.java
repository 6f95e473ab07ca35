package io.ciosync.customerio;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.ExecutionContext;

import io.ciosync.CioSyncConfig;
import io.smallrye.faulttolerance.api.BeforeRetryHandler;

/** Before a retry, waits out a {@code Retry-After} that Customer.io sent with a 429/503 (bounded by config). */
@ApplicationScoped
public class RetryAfter implements BeforeRetryHandler {

    private final Duration max;

    RetryAfter(CioSyncConfig config) {
        this.max = config.customerio().maxRetryAfter();
    }

    @Override
    public void handle(ExecutionContext context) {
        if (context.getFailure() instanceof CustomerIoException.Transient t && !t.retryAfter().isZero()) {
            Duration wait = t.retryAfter().compareTo(max) > 0 ? max : t.retryAfter();
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
