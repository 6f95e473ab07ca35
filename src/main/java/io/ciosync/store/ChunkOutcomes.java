package io.ciosync.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.ciosync.store.ChunkCodec.Run;
import io.ciosync.store.ChunkStore.Delivered;
import io.ciosync.store.ChunkStore.PendingUser;

/**
 * What one delivery of a chunk adds to its recorded outcomes: the new results as runs of consecutive users with the
 * same result (a batch that synced is one run), the counts they add to the job, and the users to fingerprint.
 */
final class ChunkOutcomes {

    private final List<Run> runs;
    private final List<PendingUser> users;
    private final Set<Integer> delivered = new HashSet<>();
    private final List<Map.Entry<String, String>> syncedUsers = new ArrayList<>();
    private int synced;
    private int failed;
    private int cancelled;

    /** {@code recorded}: the chunk's runs so far; {@code users}: the users this delivery set out to send. */
    ChunkOutcomes(List<Run> recorded, List<PendingUser> users, List<Delivered> results) {
        this.runs = new ArrayList<>(recorded);
        this.users = users;
        List<Delivered> bySeq =
                results.stream().sorted(Comparator.comparingInt(Delivered::seq)).toList();
        for (int first = 0, last; first < bySeq.size(); first = last + 1) {
            Delivered d = bySeq.get(first);
            last = first;
            while (last + 1 < bySeq.size() && d.sameRun(bySeq.get(last), bySeq.get(last + 1))) {
                last++;
            }
            runs.add(new Run(d.seq(), bySeq.get(last).seq(), d.outcome(), d.httpStatus(), d.attempts(), d.error()));
        }
        Set<Integer> syncedSeqs = new HashSet<>();
        for (Delivered d : bySeq) {
            delivered.add(d.seq());
            if (d.outcome() == Outcome.SYNCED) {
                syncedSeqs.add(d.seq());
            }
        }
        synced = syncedSeqs.size();
        failed = bySeq.size() - synced;
        for (PendingUser u : users) {
            if (u.fingerprint() != null && syncedSeqs.contains(u.seq())) {
                syncedUsers.add(Map.entry(u.userId(), u.fingerprint()));
            }
        }
    }

    /** The users of this delivery that were not sent end {@code cancelled} (their job was cancelled). */
    void cancelUnsent() {
        Integer first = null;
        int previous = -2;
        for (PendingUser u : users) {
            if (delivered.contains(u.seq())) {
                continue;
            }
            if (first != null && u.seq() != previous + 1) {
                runs.add(new Run(first, previous, Outcome.CANCELLED, null, 0, null));
                first = null;
            }
            first = first == null ? u.seq() : first;
            previous = u.seq();
            cancelled++;
        }
        if (first != null) {
            runs.add(new Run(first, previous, Outcome.CANCELLED, null, 0, null));
        }
    }

    List<Run> runs() {
        return runs;
    }

    /** Users that left {@code pending} with this delivery. */
    int ended() {
        return synced + failed + cancelled;
    }

    int synced() {
        return synced;
    }

    int failed() {
        return failed;
    }

    int cancelled() {
        return cancelled;
    }

    /** User id and payload fingerprint of every synced user that has one. */
    List<Map.Entry<String, String>> syncedUsers() {
        return syncedUsers;
    }
}
