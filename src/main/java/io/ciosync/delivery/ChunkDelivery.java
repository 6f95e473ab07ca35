package io.ciosync.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.ciosync.LogText;
import io.ciosync.store.ChunkStore;
import io.ciosync.store.ChunkStore.Chunk;
import io.ciosync.store.ChunkStore.Delivered;
import io.ciosync.store.ChunkStore.PendingUser;
import io.ciosync.store.DatabaseOutage;
import io.ciosync.store.JobStatus;
import io.ciosync.store.Outcome;
import io.quarkus.logging.Log;

/**
 * Delivers one claimed chunk, the one path of both senders: the job's {@link Sender} groups the users into
 * requests, each request gets a virtual thread, at most the job's {@code parallelism} requests in flight across all
 * of this replica's chunks of that job; then every outcome is recorded in one transaction.
 */
@ApplicationScoped
class ChunkDelivery {

    private final ChunkStore chunks;
    private final JobRuntimes runtimes;
    private final IdentifySender identify;
    private final BatchSender batch;
    private final DeliveryMetrics metrics;
    private final FairShare fairShare;

    ChunkDelivery(
            ChunkStore chunks,
            JobRuntimes runtimes,
            IdentifySender identify,
            BatchSender batch,
            DeliveryMetrics metrics,
            FairShare fairShare) {
        this.chunks = chunks;
        this.fairShare = fairShare;
        this.runtimes = runtimes;
        this.identify = identify;
        this.batch = batch;
        this.metrics = metrics;
    }

    void deliver(Chunk chunk, String owner, BooleanSupplier stopping) {
        JobRuntime job;
        try {
            job = runtimes.of(chunk.jobId());
        } catch (IllegalStateException e) {
            Log.errorf("job %s cannot be delivered: %s", chunk.jobId(), LogText.of(e.getMessage()));
            chunks.complete(chunk, owner, List.of(), List.of(), true, e.getMessage());
            return;
        }
        try (FairShare.Holding holding = fairShare.hold(job)) {
            if (holding.givingBack(job.gate)) { // its workspace is paused and holds its share of the workers already
                chunks.release(chunk, owner);
                return;
            }
            BooleanSupplier stop =
                    () -> job.aborted() || stopping.getAsBoolean() || cancelled(job) || holding.givingBack(job.gate);
            deliver(chunk, owner, job, stop);
        }
    }

    private void deliver(Chunk chunk, String owner, JobRuntime job, BooleanSupplier stop) {
        List<PendingUser> users = chunks.pendingUsers(chunk);
        Sender sender = job.batch ? batch : identify;
        Queue<List<PendingUser>> requests = new ConcurrentLinkedQueue<>(sender.requests(users));
        ConcurrentLinkedQueue<Delivered> results = new ConcurrentLinkedQueue<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = Math.min(job.parallelism, requests.size()); i > 0; i--) {
                threads.execute(() -> sendAll(job, sender, requests, results, stop));
            }
        } // if interrupted (shutdown), close() stopped the senders: their users stay pending, the chunk goes back
        boolean interrupted = Thread.interrupted(); // not while recording: an interrupt would close H2's file
        List<Delivered> delivered = new ArrayList<>(results);
        // a cancelled job's users not answered 2xx end cancelled; a chunk that gave its worker back goes back pending
        boolean finished = job.aborted() || job.cancelled() || delivered.size() == users.size();
        Optional<JobStatus> end = chunks.complete(
                chunk,
                owner,
                users,
                delivered,
                finished,
                job.aborted()
                        ? "Customer.io refused the site id / API key (HTTP 401): check the job's site-id and api-key; "
                                + "users not yet sent were not attempted"
                        : null);
        metrics.recorded(delivered);
        end.ifPresent(status -> {
            runtimes.forget(job.jobId);
            metrics.jobFinished(job.jobId, status);
            Log.infof("job %s finished: %s", job.jobId, status.wire());
        });
        if (job.aborted()) {
            runtimes.forget(job.jobId);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    void forget(String jobId) {
        runtimes.forget(jobId);
    }

    private boolean cancelled(JobRuntime job) {
        try {
            if (!job.cancelled() && job.cancelCheckDue() && chunks.isCancelled(job.jobId)) {
                job.cancel();
            }
        } catch (RuntimeException e) { // the database is away: go on; recording the chunk looks at its job again
            if (!DatabaseOutage.unreachable(e)) {
                throw e;
            }
        }
        return job.cancelled();
    }

    /**
     * One sender: takes the chunk's requests one after the other, each within the job's parallelism (the permit of
     * the one just answered is taken again at once, no thread hand-over between an answer and the next request).
     */
    private void sendAll(
            JobRuntime job,
            Sender sender,
            Queue<List<PendingUser>> requests,
            Queue<Delivered> results,
            BooleanSupplier stop) {
        while (true) {
            try {
                job.inFlight.acquire();
            } catch (InterruptedException e) {
                return;
            }
            try {
                List<PendingUser> request;
                if (stop.getAsBoolean() || (request = requests.poll()) == null) {
                    return;
                }
                List<Delivered> answered = sender.send(job, request, stop);
                // cancelled meanwhile: only what Customer.io accepted counts, the other users end cancelled
                results.addAll(
                        job.cancelled()
                                ? answered.stream()
                                        .filter(d -> d.outcome() == Outcome.SYNCED)
                                        .toList()
                                : answered);
            } catch (CancellationException e) {
                return; // interrupted (shutdown): these users stay pending and the chunk goes back to the queue
            } finally {
                job.inFlight.release();
            }
        }
    }
}
