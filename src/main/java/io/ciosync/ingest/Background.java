package io.ciosync.ingest;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/**
 * One part of ingestion run on a platform thread of its own (the input check, the storing of mapped users; see
 * {@link ParseThreads}), whose failure surfaces in the ingesting thread as the exception it threw.
 */
final class Background implements AutoCloseable {

    interface Work {
        void run() throws IOException;
    }

    private final FutureTask<Void> task;

    private Background(Work work) {
        this.task = new FutureTask<>(() -> {
            work.run();
            return null;
        });
    }

    static Background start(String name, Work work) {
        Background background = new Background(work);
        ParseThreads.start(ParseThreads.NAME + name, background.task);
        return background;
    }

    /** Whether the work finished without a problem. */
    boolean passed() {
        return task.state() == Future.State.SUCCESS;
    }

    boolean done() {
        return task.isDone();
    }

    /** Throws the problem the work ended with, if it has ended with one. */
    void throwIfFailed() throws IOException {
        if (task.state() == Future.State.FAILED) {
            await();
        }
    }

    /** Waits for the work; throws the problem it ended with. */
    void await() throws IOException {
        try {
            task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for ingestion", e);
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case RuntimeException re -> throw re;
                case Error error -> throw error;
                default -> throw new IOException(e.getCause());
            }
        }
    }

    @Override
    public void close() {
        task.cancel(true);
    }
}
