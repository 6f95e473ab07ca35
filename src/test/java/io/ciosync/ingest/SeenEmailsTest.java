package io.ciosync.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Emails are kept as hashes; a hash match counts only when the real emails compare equal. */
class SeenEmailsTest {

    private final SeenEmails seen = new SeenEmails();
    private final List<String> bySeq = new ArrayList<>();

    /** What the store stage does: the earlier holder's seq, comparing the emails of the users a hash matched. */
    private int add(long hash, String email) {
        int seq = bySeq.size();
        bySeq.add(email);
        return seen.holder(hash, seq, earlier -> bySeq.get(earlier).equals(email));
    }

    @Test
    void aRepeatedEmailNamesItsFirstHolderAmongAMillion() {
        for (int i = 0; i < 1_000_000; i++) {
            String email = "user" + i + "@example.com";
            assertThat(add(seen.hash(email), email)).isEqualTo(-1);
        }
        assertThat(add(seen.hash("user777@example.com"), "user777@example.com")).isEqualTo(777);
        assertThat(add(seen.hash("user999999@example.com"), "user999999@example.com"))
                .isEqualTo(999_999);
        assertThat(add(seen.hash("new@example.com"), "new@example.com")).isEqualTo(-1);
    }

    @Test
    void emailsWhoseHashesCollideAreNeitherOfThemSkipped() {
        long same = 42;
        assertThat(add(same, "a@x.com")).isEqualTo(-1);
        assertThat(add(same, "b@x.com")).as("a collision, not the same email").isEqualTo(-1);
        assertThat(add(same, "c@x.com")).isEqualTo(-1);

        assertThat(add(same, "b@x.com")).as("found past the colliding entry").isEqualTo(1);
        assertThat(add(same, "c@x.com")).isEqualTo(2);
        assertThat(add(same, "a@x.com")).isEqualTo(0);
    }
}
