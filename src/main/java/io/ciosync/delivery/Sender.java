package io.ciosync.delivery;

import java.util.List;
import java.util.function.BooleanSupplier;

import io.ciosync.store.ChunkStore.Delivered;
import io.ciosync.store.ChunkStore.PendingUser;

/**
 * How a job's users travel to Customer.io: one per request ({@link IdentifySender}, v1) or packed by bytes
 * ({@link BatchSender}, v2). {@link ChunkDelivery} is the one path both go through: it bounds the requests in
 * flight with the job's parallelism and records what {@link #send} returns.
 */
interface Sender {

    /** A chunk's users grouped by the request that will carry them, in order. */
    List<List<PendingUser>> requests(List<PendingUser> users);

    /**
     * Sends one request's users (each request, retries included, waits for a permit of the job's throttle and its
     * workspace's gate) and returns one outcome per user answered. Users not answered once {@code stop} says so
     * (cancelled, shutting down) have none: they stay pending. Throws
     * {@link java.util.concurrent.CancellationException} when interrupted: those users stay pending.
     */
    List<Delivered> send(JobRuntime job, List<PendingUser> users, BooleanSupplier stop);
}
