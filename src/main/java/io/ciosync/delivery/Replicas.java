package io.ciosync.delivery;

import java.time.Duration;
import java.util.concurrent.CancellationException;

import jakarta.enterprise.context.ApplicationScoped;

import io.ciosync.store.DatabaseOutage;
import io.ciosync.store.HeldLeases;
import io.ciosync.store.ReplicaStore;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;

/**
 * This replica among the live ones (the {@code replica} table): its id, which is also its lease owner, and how many
 * replicas share every workspace's budget (each takes budget ÷ live). How joining, dying and losing the database
 * keep the replicas within the budget together: docs/delivery.md, "Several replicas".
 */
@ApplicationScoped
public class Replicas {

    private final ReplicaStore store;
    private final Duration heartbeat;
    private final Duration expiry;
    /** No heartbeat for this long (expiry - heartbeat) and the others may soon expire this replica. */
    private final long lapseNanos;

    private final String id;
    private volatile int live = 1;
    private boolean joined;
    private volatile long sendsFromNanos = System.nanoTime();
    private volatile long beatAtNanos = System.nanoTime();

    Replicas(ReplicaStore store, DeliveryConfig config) {
        this.store = store;
        this.heartbeat = config.replicaHeartbeat();
        this.expiry = config.replicaExpiry();
        if (expiry.compareTo(heartbeat.multipliedBy(2)) < 0) {
            throw new IllegalStateException("cio-sync.delivery.replica-expiry (" + expiry + ") must be at least twice "
                    + "cio-sync.delivery.replica-heartbeat (" + heartbeat + "), or live replicas expire each other");
        }
        this.lapseNanos = expiry.minus(heartbeat).toNanos();
        this.id = HeldLeases.newOwner();
    }

    public String id() {
        return id;
    }

    /** Registers this replica (before it claims any work). */
    synchronized void join() {
        long stamped = System.nanoTime();
        live = store.beat(id, expiry);
        beatAtNanos = stamped;
        joined = true;
        if (live > 1) {
            sendsFromNanos = System.nanoTime() + 2 * heartbeat.toNanos();
            Log.infof(
                    "replica %s joins %d live replica(s); it sends from %s on",
                    id, live - 1, heartbeat.multipliedBy(2));
        }
    }

    @Scheduled(
            every = "${cio-sync.delivery.replica-heartbeat:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void heartbeat() {
        if (!joined) {
            return; // the scheduler may fire before start-up registered this replica: only join() inserts its row
        }
        DatabaseOutage.pass("replica heartbeat", this::beat);
    }

    private void beat() {
        long stamped = System.nanoTime(); // the row's seen_at is taken now, however long the beat then takes
        int now = store.beat(id, expiry);
        long gap = stamped - beatAtNanos;
        if (gap > lapseNanos && now > 1) { // the others may have expired this replica and taken its share: join again
            sendsFromNanos = stamped + 2 * heartbeat.toNanos();
            Log.warnf(
                    "replica %s had no heartbeat for %s and may have been expired; it sends again from %s on",
                    id, Duration.ofNanos(gap), heartbeat.multipliedBy(2));
        }
        if (now != live) {
            Log.infof("%d live replica(s): each takes 1/%d of every workspace's budget", now, now);
        }
        live = now;
        beatAtNanos = stamped;
    }

    /** No heartbeat stamped this replica's row for so long that the others may soon expire it (its database is away). */
    private boolean lapsed() {
        return System.nanoTime() - beatAtNanos > lapseNanos;
    }

    synchronized void leave() {
        joined = false;
        store.leave(id);
    }

    /**
     * How many replicas share the budgets, once this one may send: waits right after joining others, and while its
     * heartbeats have lapsed.
     */
    int awaitShare() {
        try {
            while (lapsed()) {
                Thread.sleep(heartbeat.dividedBy(5));
            }
            long wait = sendsFromNanos - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(Duration.ofNanos(wait));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting to be counted among the live replicas");
        }
        return live;
    }
}
