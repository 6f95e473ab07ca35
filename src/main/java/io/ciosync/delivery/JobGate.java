package io.ciosync.delivery;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.ciosync.customerio.Attempts;
import io.ciosync.customerio.Gate;
import io.ciosync.customerio.NotSent;
import io.ciosync.store.ChunkStore.PendingUser;
import io.ciosync.store.JobWaits;
import io.ciosync.store.JobWaits.Waiting;

/**
 * One job's view of its workspace's {@link WorkspaceGate}: the same gate, plus what this job waits for on this
 * replica (its requests paused by an outage, or being retried), which {@link JobRuntimes} reports to the database
 * for {@code GET /syncs/{id}}.
 */
final class JobGate {

    final String jobId;
    private final WorkspaceGate workspace;
    private final JobWaits waits;
    private final AtomicInteger retrying = new AtomicInteger();
    private volatile Instant retryingSince;
    private volatile String lastRetried = "";
    /** What the database was last told (by {@link JobRuntimes}). */
    volatile Optional<Waiting> reported = Optional.empty();

    JobGate(String jobId, WorkspaceGate workspace, JobWaits waits) {
        this.jobId = jobId;
        this.workspace = workspace;
        this.waits = waits;
    }

    /**
     * Sends one request: while its workspace's delivery is paused it waits for its turn (its users stay pending,
     * no retry is spent), then sends it again, as often as the outage requires.
     */
    <T> T send(Attempts attempts, BooleanSupplier stop, Supplier<T> request) {
        try {
            attempts.awaitPermit();
            return request.get();
        } catch (NotSent.Paused e) {
            attempts.answered();
            return sendWhenPaused(attempts, stop, request);
        }
    }

    /** The request found its workspace paused: it is held until its turn, as long as {@code max-outage} from now. */
    private <T> T sendWhenPaused(Attempts attempts, BooleanSupplier stop, Supplier<T> request) {
        Instant waitingSince = Instant.now();
        workspace.held(true);
        try {
            while (true) {
                workspace.awaitTurn(attempts, stop, waitingSince);
                try {
                    attempts.awaitPermit();
                    return request.get();
                } catch (NotSent.Paused e) {
                    attempts.answered();
                }
            }
        } finally {
            workspace.held(false);
        }
    }

    /** The gate of one request of this job carrying {@code users}, after {@code earlierAttempts} for them. */
    Gate forRequest(List<PendingUser> users, int earlierAttempts) {
        return new RequestGate(this, workspace, waits, users, earlierAttempts);
    }

    /** A request of this job is about to be sent again after {@code error} ({@code first}: its first retry). */
    void retrying(boolean first, String error) {
        lastRetried = error;
        if (first && retrying.getAndIncrement() == 0) {
            retryingSince = Instant.now();
        }
    }

    /** A request of this job that was retried has ended. */
    void retried() {
        retrying.decrementAndGet();
    }

    /** Whether this job's workspace is paused or retrying. */
    boolean troubled() {
        return workspace.troubled();
    }

    /** Whether this job's workspace is paused. */
    boolean paused() {
        return workspace.pausedSince() != null;
    }

    /** What this job waits for on this replica now, if anything. */
    Optional<Waiting> waiting() {
        Instant since = workspace.pausedSince();
        if (since != null) { // its workspace is paused: its users wait for the outage to end
            return Optional.of(new Waiting(workspace.reason(), OffsetDateTime.ofInstant(since, ZoneOffset.UTC)));
        }
        Instant retried = retryingSince;
        if (retrying.get() > 0 && retried != null) {
            return Optional.of(new Waiting(
                    "retrying requests that failed transiently (the last: " + lastRetried + ")",
                    OffsetDateTime.ofInstant(retried, ZoneOffset.UTC)));
        }
        return Optional.empty();
    }
}
