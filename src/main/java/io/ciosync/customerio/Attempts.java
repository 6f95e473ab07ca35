package io.ciosync.customerio;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The requests of one delivery, retries included: each waits for a permit of the {@link Throttle} (the caller
 * takes the first one, {@link RetryPermit} each retry's), is counted, and gives its permit back when answered.
 */
public final class Attempts {
    private final Throttle throttle;
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicReference<Throttle.Permit> held = new AtomicReference<>();

    public Attempts(Throttle throttle) {
        this.throttle = throttle;
    }

    /** Waits until the next request of this delivery may be sent. */
    public void awaitPermit() {
        answered();
        held.set(throttle.acquire());
    }

    /** The last request was answered (or never sent): its permit goes back. Safe to call more than once. */
    public void answered() {
        Throttle.Permit permit = held.getAndSet(null);
        if (permit != null) {
            permit.release();
        }
    }

    void started() {
        count.incrementAndGet();
    }

    /** A transient answer asked for a pause: the whole workspace waits. */
    void retryAfter(CustomerIoException.Transient answer) {
        if (answer.retryAfter().isPositive()) {
            throttle.pause(answer.retryAfter());
        }
    }

    public int count() {
        return count.get();
    }
}
