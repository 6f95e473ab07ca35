package io.ciosync.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.MDC;

import io.ciosync.LogText;
import io.ciosync.store.ChunkStore;
import io.ciosync.store.ChunkStore.Chunk;
import io.ciosync.store.DatabaseOutage;
import io.ciosync.store.HeldLeases;
import io.ciosync.store.Housekeeping;
import io.ciosync.store.JobEnded;
import io.ciosync.store.JobQueued;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * This replica's workers: each claims a chunk from the shared queue, delivers it, and claims the next. The leases
 * the workers hold at the moment are kept alive (only those: a chunk whose release failed, or whose claim's commit was
 * never seen, expires), and expired ones are handed back, both by the Quarkus Scheduler.
 */
@ApplicationScoped
public class Dispatcher {

    /** How long a worker interrupted at the end of the shutdown grace has to record its chunk and hand it back. */
    public static final Duration RECORDING_AFTER_INTERRUPT = Duration.ofSeconds(3);

    private final ChunkStore chunks;
    private final ChunkDelivery delivery;

    private final DeliveryConfig config;
    private final String owner;
    private final Semaphore wake = new Semaphore(0);
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final List<Thread> workers = new ArrayList<>();
    private final HeldLeases<Chunk> held = new HeldLeases<>();

    private final Housekeeping housekeeping;
    private final Replicas replicas;
    private final RateBudgets budgets;
    private final FairShare fairShare;

    Dispatcher(
            ChunkStore chunks,
            ChunkDelivery delivery,
            Housekeeping housekeeping,
            Replicas replicas,
            RateBudgets budgets,
            FairShare fairShare,
            DeliveryConfig config) {
        this.chunks = chunks;
        this.fairShare = fairShare;
        this.budgets = budgets;
        this.housekeeping = housekeeping;
        this.delivery = delivery;
        this.replicas = replicas;
        this.config = config;
        this.owner = replicas.id();
    }

    void start(@Observes StartupEvent event) {
        housekeeping.recoverAfterRestart();
        replicas.join();
        for (int i = 0; i < config.workers(); i++) {
            workers.add(Thread.ofVirtual().name("cio-sync-worker-" + i).start(this::work));
        }
        Log.infof("delivery started: %d workers, lease owner %s", config.workers(), owner);
    }

    /** Wakes idle workers: a job was just queued. */
    void queued(@Observes JobQueued event) {
        signal();
    }

    /** A job ended outside delivery (at its acceptance, when its chunks were all delivered while it was read). */
    void ended(@Observes JobEnded event) {
        delivery.forget(event.jobId());
    }

    private void signal() {
        wake.release(config.workers());
    }

    public boolean draining() {
        return stopping.get();
    }

    private void work() {
        while (!stopping.get()) {
            try {
                var chunk = claim();
                if (chunk.isPresent()) {
                    held.hold(chunk.get());
                    try {
                        deliver(chunk.get());
                    } finally {
                        held.drop(chunk.get()); // recorded, handed back, or given up to expire
                    }
                } else {
                    wake.tryAcquire(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!DatabaseOutage.unreachable(e)) {
                    Log.errorf(e, "delivery worker error; retrying in %s", config.pollInterval());
                }
                pause(config.pollInterval());
            }
        }
    }

    /**
     * The next chunk, of any job but those whose workspace is failing and holds its {@link FairShare} of the workers
     * already; if nothing else waits, of a job whose workspace is only retrying (a paused one could not send it).
     */
    private Optional<Chunk> claim() {
        List<String> troubled = fairShare.atShare(true);
        if (troubled.isEmpty()) {
            return chunks.claim(owner, config.lease());
        }
        Optional<Chunk> chunk = chunks.claim(owner, config.lease(), troubled);
        List<String> paused = fairShare.atShare(false);
        return chunk.isPresent() || paused.size() == troubled.size()
                ? chunk
                : chunks.claim(owner, config.lease(), paused);
    }

    private void deliver(Chunk chunk) {
        MDC.put(LogText.JOB_ID, chunk.jobId()); // inherited by the per-user virtual threads: every line names its job
        try {
            delivery.deliver(chunk, owner, stopping::get);
        } catch (RuntimeException e) {
            if (!DatabaseOutage.unreachable(e)) {
                Log.errorf(
                        e, "job %s: chunk %d could not be delivered; handing it back", chunk.jobId(), chunk.chunkNo());
            }
            try {
                chunks.release(chunk, owner);
            } catch (RuntimeException notReleased) { // given up: no heartbeat renews it, it expires and is reclaimed
                Log.debugf(
                        "job %s: chunk %d given up, its lease expires: %s",
                        chunk.jobId(), chunk.chunkNo(), notReleased);
            }
            pause(config.pollInterval());
        } finally {
            MDC.remove(LogText.JOB_ID);
        }
    }

    @Scheduled(every = "${cio-sync.delivery.heartbeat-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void heartbeat() {
        DatabaseOutage.pass("lease heartbeat", () -> chunks.renew(held.now(), owner, config.lease()));
    }

    @Scheduled(every = "${cio-sync.delivery.reclaim-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reclaimExpired() {
        if (stopping.get()) {
            return; // shutting down: the database may already be closing; other replicas reclaim
        }
        DatabaseOutage.pass("reclaiming expired leases", () -> {
            int reclaimed = chunks.reclaimExpired();
            if (reclaimed > 0) {
                Log.infof("reclaimed %d chunk(s) whose lease expired", reclaimed);
                signal();
            }
        });
    }

    /**
     * Stops claiming, lets chunks in flight finish within the grace period (unfinished ones are handed back), and
     * leaves the live replicas once its requests no longer count against any budget.
     */
    void stop(@Observes ShutdownEvent event) {
        stopping.set(true);
        wake.release(workers.size());
        List<Thread> interrupted = new ArrayList<>();
        try {
            long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
            for (Thread worker : workers) {
                if (!worker.join(left(deadline))) {
                    worker.interrupt();
                    interrupted.add(worker);
                }
            }
            // an interrupted worker still records what was answered and hands its chunk back: it needs the database
            // and the beans, which close once this observer returns
            long recording = System.nanoTime() + RECORDING_AFTER_INTERRUPT.toNanos();
            for (Thread worker : interrupted) {
                if (!worker.join(left(recording))) {
                    Log.warnf("%s still runs after the shutdown grace; its chunk's lease expires", worker.getName());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        // the others take this replica's share once its row is gone: not while its last requests still count
        Duration quiet = config.quietBeforeLeaving();
        if (quiet.isPositive() && !budgets.awaitQuiet(quiet)) {
            Log.warnf(
                    "requests of this replica may still count against a budget %s after delivery stopped; leaving "
                            + "anyway",
                    quiet);
        }
        replicas.leave();
        Log.infof("delivery stopped (lease owner %s)", owner);
    }

    private static Duration left(long deadline) {
        return Duration.ofNanos(Math.max(TimeUnit.MILLISECONDS.toNanos(1), deadline - System.nanoTime()));
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
