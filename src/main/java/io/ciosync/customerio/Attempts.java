package io.ciosync.customerio;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * The requests of one delivery, retries included: each waits for a permit of the {@link Throttle} (the caller
 * takes the first one, {@link RetryPermit} each retry's), is let in by the workspace's {@link Gate} (not while its
 * delivery is paused), is counted, reports its outcome to the gate, and gives its permit back when answered. A retry
 * is not sent once {@code stop} says so (the job was cancelled, say): {@link NotSent.Stopped}.
 */
public final class Attempts {
    private final Throttle throttle;
    private final Gate gate;
    private final BooleanSupplier stop;
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicReference<Throttle.Permit> held = new AtomicReference<>();
    private volatile boolean entered;
    private volatile boolean retried;
    private volatile long startedNanos;
    private volatile Throwable lastFailure;

    public Attempts(Throttle throttle) {
        this(throttle, Gate.OPEN, () -> false);
    }

    public Attempts(Throttle throttle, Gate gate, BooleanSupplier stop) {
        this.throttle = throttle;
        this.gate = gate;
        this.stop = stop;
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

    /** The gate let the next attempt in (the probe of a paused workspace, say): it need not ask again. */
    public void admitted() {
        entered = true;
    }

    /** This delivery is over: its permit goes back, an entry it did not use too, and it is no longer retrying. */
    public void end() {
        answered();
        if (entered) {
            entered = false;
            gate.unused();
        }
        if (retried) {
            retried = false;
            gate.retried();
        }
    }

    /** An attempt starts (first try or retry): not sent if stopped or paused, else counted. */
    void started() {
        if (count.get() > 0) {
            if (stop.getAsBoolean()) {
                throw new NotSent.Stopped();
            }
            boolean first = !retried;
            retried = true;
            gate.retrying(first, lastFailure, count.get());
        }
        if (!entered && !gate.tryEnter()) {
            throw new NotSent.Paused();
        }
        entered = true;
        startedNanos = System.nanoTime();
        count.incrementAndGet();
    }

    /** Customer.io answered the attempt: a success, or an error that is not transient. */
    void reached() {
        if (entered) {
            entered = false;
            gate.answered(System.nanoTime() - startedNanos);
        }
    }

    /** Customer.io answered with a transient error that is not an outage (408, 429): worth a retry. */
    void reachedTransiently(Throwable answer) {
        lastFailure = answer;
        reached();
    }

    /** The attempt failed transiently: no connection, reset, timed out, or a 5xx. */
    void failed(Throwable failure) {
        lastFailure = failure;
        if (entered) {
            entered = false;
            gate.failed(System.nanoTime() - startedNanos, failure);
        }
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

    /** The last transient failure, if any. */
    public Throwable lastFailure() {
        return lastFailure;
    }
}
