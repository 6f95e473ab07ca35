package io.ciosync.customerio;

import java.time.Duration;

/**
 * The request budget a delivery draws on: every request, first try or retry, waits for a permit and gives it back
 * when its answer arrived; a {@code Retry-After} from Customer.io stops every request of the workspace until it has
 * passed.
 */
public interface Throttle {

    /** A request's place in the budget, from before it is sent until its answer arrived. */
    @FunctionalInterface
    interface Permit {
        /** The answer arrived (or the request failed without one). */
        void release();
    }

    /** Blocks until one more request may be sent; throws {@link java.util.concurrent.CancellationException} when interrupted. */
    Permit acquire();

    /** Customer.io asked to wait ({@code Retry-After}): no request of this workspace starts before then. */
    void pause(Duration retryAfter);

    /** No budget at all (for callers outside delivery). */
    Throttle NONE = new Throttle() {
        @Override
        public Permit acquire() {
            return () -> {};
        }

        @Override
        public void pause(Duration retryAfter) {}
    };
}
