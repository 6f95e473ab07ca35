package io.ciosync.ingest;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keeps the CPU-bound reading of submissions (decompressing, parsing, mapping) off the virtual threads that serve
 * requests: a virtual thread that computes holds its carrier, and the few carriers serve every request of every
 * tenant. Each ingestion runs on platform threads of its own, which the OS time-slices with everything else, and at
 * most {@code cio-sync.ingest.concurrent-jobs} ingest at once; the others wait their turn (their request threads
 * unmounted, costing nothing).
 */
@ApplicationScoped
public class ParseThreads {

    /** The name every parsing thread's name starts with. */
    public static final String NAME = "cio-sync-parse-";

    private final Semaphore permits;
    private final AtomicInteger numbers = new AtomicInteger();

    ParseThreads(IngestConfig config) {
        this.permits = new Semaphore(Math.max(1, config.concurrentJobs()), true);
    }

    /** Whether the current thread is one of these (the parts of an ingestion run on threads of their own). */
    static boolean current() {
        return !Thread.currentThread().isVirtual()
                && Thread.currentThread().getName().startsWith(NAME);
    }

    /** Runs {@code work} on a platform thread once a permit is free, and returns its result or throws its problem. */
    <T> T run(Supplier<T> work) {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to ingest", e);
        }
        try {
            FutureTask<T> task = new FutureTask<>(work::get);
            Thread thread = start(NAME + numbers.incrementAndGet(), task);
            try {
                return task.get();
            } catch (InterruptedException e) {
                thread.interrupt();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while ingesting", e);
            } catch (ExecutionException e) {
                switch (e.getCause()) {
                    case RuntimeException re -> throw re;
                    case Error error -> throw error;
                    default -> throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            permits.release();
        }
    }

    /** A daemon platform thread for one part of an ingestion. */
    static Thread start(String name, Runnable work) {
        return Thread.ofPlatform().daemon().name(name).start(work);
    }
}
