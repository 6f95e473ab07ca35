package io.ciosync.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The duplicate check of ingestion: exact over hundreds of thousands of ids, through every growth of its table. */
class SeenIdsTest {

    @Test
    void everyIdIsNewOnceAndSeenAfterwards() {
        SeenIds seen = new SeenIds();
        int n = 300_000;
        for (int i = 0; i < n; i++) {
            assertThat(seen.add("user-" + i)).as("first time of user-%d", i).isTrue();
        }
        for (int i = 0; i < n; i += 7) {
            assertThat(seen.add("user-" + i)).as("second time of user-%d", i).isFalse();
        }
        assertThat(seen.add("user-" + n)).isTrue();
        assertThat(seen.add("")).isTrue();
        assertThat(seen.add("")).isFalse();
    }
}
