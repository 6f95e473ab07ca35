package io.ciosync.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.ciosync.job.Fingerprints;
import io.ciosync.job.JobStore;
import io.ciosync.job.UserWriter;
import io.ciosync.job.Outcome;

/**
 * Users to send, written in batches; with {@code skipUnchanged} each batch is first compared with the fingerprints
 * Customer.io last accepted (one indexed lookup per batch) and the users it already has are written
 * {@code unchanged}.
 */
final class PendingUsers {

    private record User(int seq, String userId, String payload, String fingerprint) {
    }

    private final UserWriter writer;
    private final Fingerprints fingerprints;
    private final String scope;
    private final int batchSize;
    private final List<User> batch = new ArrayList<>();
    private int unchanged;

    /** {@code scope} null: nothing is compared, every user is sent. */
    PendingUsers(UserWriter writer, Fingerprints fingerprints, String scope, int batchSize) {
        this.writer = writer;
        this.fingerprints = fingerprints;
        this.scope = scope;
        this.batchSize = batchSize;
    }

    void add(int seq, String userId, String payload, String fingerprint) {
        batch.add(new User(seq, userId, payload, fingerprint));
        if (batch.size() >= batchSize) {
            flush();
        }
    }

    void flush() {
        if (batch.isEmpty()) {
            return;
        }
        Set<String> known = scope == null ? Set.of()
                : fingerprints.accepted(scope, batch.stream().map(User::userId).toList());
        for (User u : batch) {
            boolean same = known.contains(Fingerprints.key(u.userId(), u.fingerprint()));
            unchanged += same ? 1 : 0;
            writer.add(u.seq(), u.userId(), u.payload(), same ? Outcome.UNCHANGED : Outcome.PENDING, null,
                    u.fingerprint());
        }
        batch.clear();
    }

    int unchanged() {
        return unchanged;
    }
}
