package io.ciosync.ingest;

import java.util.LinkedHashMap;
import java.util.Map;

import io.ciosync.mapping.UserMapper;
import io.ciosync.store.ChunkWriter;

/**
 * With {@code "duplicateEmails": "skip"}: finds, for a user about to be sent, the earlier user of the job that holds
 * the same email. Only hashes and seqs stay in memory ({@link SeenEmails}); on a match the earlier user is read back
 * from the users stored so far and its email compared, so a hash collision never skips anyone. The few holders last
 * read are kept, so a placeholder email shared by thousands of users is read back once.
 */
final class EmailHolders {

    private record Holder(String userId, String email) {}

    private static final int KEPT = 64;

    private final SeenEmails seen = new SeenEmails();
    private final PendingUsers users;
    private final Map<Integer, Holder> recent = new LinkedHashMap<>(KEPT, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Holder> eldest) {
            return size() > KEPT;
        }
    };

    EmailHolders(PendingUsers users) {
        this.users = users;
    }

    /** The id of the earlier user holding {@code email} (normalized); null if none, and user {@code seq} holds it. */
    String earlier(int seq, String email) {
        Holder[] found = new Holder[1];
        int holder = seen.holder(seen.hash(email), seq, earlier -> {
            found[0] = recent.computeIfAbsent(earlier, this::read);
            return email.equals(found[0].email());
        });
        return holder < 0 ? null : found[0].userId();
    }

    private Holder read(int seq) {
        ChunkWriter.Written user = users.user(seq);
        return new Holder(user.userId(), UserMapper.email(user.payload()));
    }
}
