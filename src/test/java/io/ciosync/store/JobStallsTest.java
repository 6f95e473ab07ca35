package io.ciosync.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The longest stall of a running job: how long its pending count has not gone down. */
class JobStallsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final JobStalls stalls = new JobStalls();

    @Test
    void aJobWhosePendingCountStaysIsStalledSinceItWasFirstSeenWithIt() {
        assertThat(stalls.observe(Map.of("a", 100L), T0)).isZero();
        assertThat(stalls.observe(Map.of("a", 100L), T0.plusSeconds(600))).isEqualTo(Duration.ofMinutes(10));
        assertThat(stalls.observe(Map.of("a", 100L), T0.plusSeconds(960))).isEqualTo(Duration.ofSeconds(960));
    }

    @Test
    void progressStartsTheClockAgainAndTheLongestStallOfSeveralJobsIsReported() {
        stalls.observe(Map.of("a", 100L, "b", 50L), T0);
        assertThat(stalls.observe(Map.of("a", 90L, "b", 50L), T0.plusSeconds(300)))
                .isEqualTo(Duration.ofMinutes(5));
        assertThat(stalls.observe(Map.of("a", 90L, "b", 50L), T0.plusSeconds(400)))
                .isEqualTo(Duration.ofSeconds(400));
        assertThat(stalls.observe(Map.of("a", 80L, "b", 40L), T0.plusSeconds(500)))
                .isZero();
    }

    @Test
    void aJobWithoutPendingUsersOrNoLongerRunningIsNotStalled() {
        stalls.observe(Map.of("a", 0L, "b", 10L), T0);
        assertThat(stalls.observe(Map.of("a", 0L, "b", 10L), T0.plusSeconds(900)))
                .isEqualTo(Duration.ofMinutes(15));
        assertThat(stalls.observe(Map.of("a", 0L), T0.plusSeconds(1000))).isZero();
        // b forgotten: if it runs again it is timed from then
        assertThat(stalls.observe(Map.of("b", 10L), T0.plusSeconds(1100))).isZero();
    }

    @Test
    void aGrowingPendingCountIsNoProgress() {
        stalls.observe(Map.of("a", 10L), T0);
        assertThat(stalls.observe(Map.of("a", 20L), T0.plusSeconds(120))).isEqualTo(Duration.ofMinutes(2));
    }
}
