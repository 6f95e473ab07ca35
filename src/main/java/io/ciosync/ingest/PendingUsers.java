package io.ciosync.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.ciosync.store.ChunkWriter;
import io.ciosync.store.Fingerprints;
import io.ciosync.store.Outcome;

/**
 * A job's users on their way into chunks, in input order, in batches: with {@code skipUnchanged} each batch is first
 * compared with the fingerprints Customer.io last accepted (one indexed lookup per batch) and the users it already
 * has are written {@code unchanged}. Users to send are written {@code toSend} (pending, or would_sync in a dry run).
 */
final class PendingUsers {

    private record User(String userId, byte[] payload, String fingerprint, Outcome outcome, String error) {}

    private final ChunkWriter writer;
    private final Fingerprints fingerprints;
    private final String scope;
    private final Outcome toSend;
    private final int batchSize;
    private final List<User> batch = new ArrayList<>();
    private int unchanged;
    /** Users handed to the writer so far: the seq of the first one in {@link #batch}. */
    private int written;

    /** {@code scope} null: nothing is compared, every user is sent. */
    PendingUsers(ChunkWriter writer, Fingerprints fingerprints, String scope, Outcome toSend, int batchSize) {
        this.writer = writer;
        this.fingerprints = fingerprints;
        this.scope = scope;
        this.toSend = toSend;
        this.batchSize = batchSize;
    }

    /** A user to send; {@code fingerprint} null when its job does not record fingerprints. */
    void add(String userId, byte[] payload, String fingerprint) {
        append(new User(userId, payload, fingerprint, toSend, null));
    }

    /** A user that will not be sent, with the reason. */
    void skip(String userId, String reason) {
        append(new User(userId, null, null, Outcome.SKIPPED, reason));
    }

    private void append(User user) {
        batch.add(user);
        if (batch.size() >= batchSize) {
            flush();
        }
    }

    void flush() {
        if (batch.isEmpty()) {
            return;
        }
        List<String> toCompare = scope == null
                ? List.of()
                : batch.stream()
                        .filter(u -> u.outcome() == toSend)
                        .map(User::userId)
                        .toList();
        Set<String> known = toCompare.isEmpty() ? Set.of() : fingerprints.accepted(scope, toCompare);
        for (User u : batch) {
            boolean same = u.outcome() == toSend && known.contains(Fingerprints.key(u.userId(), u.fingerprint()));
            unchanged += same ? 1 : 0;
            writer.add(u.userId(), u.payload(), same ? Outcome.UNCHANGED : u.outcome(), u.error(), u.fingerprint());
        }
        written += batch.size();
        batch.clear();
    }

    /** The user added as {@code seq} (users are added in input order from 0), wherever it is now. */
    ChunkWriter.Written user(int seq) {
        if (seq < written) {
            return writer.written(seq);
        }
        User u = batch.get(seq - written);
        return new ChunkWriter.Written(u.userId(), u.payload());
    }

    int unchanged() {
        return unchanged;
    }
}
