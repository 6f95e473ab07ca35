package io.ciosync.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.ciosync.store.ChunkCodec.StoredUser;
import io.ciosync.store.ChunkStore.PendingUser;

/** A chunk's users blob read whole, from an index until the reader stops, and as the pending users to send. */
class ChunkCodecTest {

    private static final List<StoredUser> USERS = IntStream.range(0, 10)
            .mapToObj(i -> new StoredUser(
                    "u" + i,
                    i == 4 ? null : ("{\"n\":\"" + i + " ü 李\"}").getBytes(StandardCharsets.UTF_8),
                    i % 2 == 0 ? "fp" + i : null,
                    i == 4 ? Outcome.SKIPPED : Outcome.PENDING,
                    i == 4 ? "no payload" : null))
            .toList();

    @Test
    void usersComeBackAsStored() {
        assertThat(ChunkCodec.users(ChunkCodec.users(USERS)))
                .usingRecursiveFieldByFieldElementComparator()
                .containsExactlyElementsOf(USERS); // payloads compared by content
    }

    @Test
    void readingFromAnIndexSkipsTheUsersBeforeAndStopsWhenTheReaderDoes() {
        List<String> seen = new ArrayList<>();

        ChunkCodec.users(ChunkCodec.users(USERS), 3, (i, user) -> {
            seen.add(i + ":" + user.userId() + ":" + user.outcome().wire());
            return seen.size() < 3;
        });

        assertThat(seen).containsExactly("3:u3:pending", "4:u4:skipped", "5:u5:pending");
    }

    @Test
    void pendingUsersCarryTheirSeqAndStoredUtf8PayloadOnlyWhenUnsent() {
        List<PendingUser> pending = ChunkCodec.pending(ChunkCodec.users(USERS), 100, seq -> seq != 107);

        assertThat(pending).extracting(PendingUser::seq).containsExactly(100, 101, 102, 103, 105, 106, 108, 109);
        PendingUser u2 = pending.get(2);
        assertThat(u2.userId()).isEqualTo("u2");
        assertThat(u2.fingerprint()).isEqualTo("fp2");
        assertThat(u2.payload()).isEqualTo("{\"n\":\"2 ü 李\"}".getBytes(StandardCharsets.UTF_8));
    }
}
