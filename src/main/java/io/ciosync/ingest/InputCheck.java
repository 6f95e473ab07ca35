package io.ciosync.ingest;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The first pass over a job's data ({@code Ingestor#check}), run on its own virtual thread while the second pass
 * already maps and stores users: chunks are held back from delivery until it {@link #passed()}.
 */
final class InputCheck implements AutoCloseable {

    interface Pass {
        void run() throws IOException;
    }

    private final FutureTask<Void> task;

    private InputCheck(Pass pass) {
        this.task = new FutureTask<>(() -> {
            pass.run();
            return null;
        });
    }

    static InputCheck start(Pass pass) {
        InputCheck check = new InputCheck(pass);
        Thread.ofVirtual().name("cio-sync-input-check").start(check.task);
        return check;
    }

    /** Whether the whole input was read without a problem. */
    boolean passed() {
        return task.state() == java.util.concurrent.Future.State.SUCCESS;
    }

    /** Throws the problem the check found, if it has finished with one. */
    void throwIfFailed() throws IOException {
        if (task.state() == java.util.concurrent.Future.State.FAILED) {
            await();
        }
    }

    /** Waits for the check; throws the problem it found. */
    void await() throws IOException {
        try {
            task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the input was being checked", e);
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
