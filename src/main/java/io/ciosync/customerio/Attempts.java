package io.ciosync.customerio;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts the requests one delivery took, retries included. */
public final class Attempts {
    private final AtomicInteger count = new AtomicInteger();

    void increment() {
        count.incrementAndGet();
    }

    public int count() {
        return count.get();
    }
}
