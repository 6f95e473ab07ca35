package io.ciosync.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** When an outage starts and ends, on a clock the test moves (the log lines follow these answers). */
class DatabaseOutageTest {

    private static final SQLException LOST = new SQLException("terminating connection", "57P01");
    private static final SQLException REFUSED = new SQLException("Connection refused", "08001");

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final DatabaseOutage outage = new DatabaseOutage(now::get);

    private void after(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void aServerStoppingIsOneOutageThoughConnectionsNotYetClosedStillAnswer() {
        assertThat(outage.failed(LOST))
                .as("the first failure starts the outage")
                .isTrue();
        after(Duration.ofMillis(54));
        assertThat(outage.reachable())
                .as("a connection the server has not closed yet")
                .isFalse();
        after(Duration.ofMillis(6));
        assertThat(outage.failed(LOST)).as("still the same outage").isFalse();
        after(Duration.ofSeconds(10));
        assertThat(outage.failed(REFUSED)).isFalse();
        after(Duration.ofMillis(200));
        assertThat(outage.reachable())
                .as("back, but less than a second after the last failure")
                .isFalse();
        after(DatabaseOutage.SETTLE);
        assertThat(outage.reachable())
                .as("a second without failure: the outage ends")
                .isTrue();
        assertThat(outage.reachable()).isFalse();
        assertThat(outage.failed(REFUSED))
                .as("the next failure is a new outage")
                .isTrue();
    }

    @Test
    void otherFailuresAndSuccessesOutsideAnOutageSayNothing() {
        assertThat(outage.reachable()).isFalse();
        assertThat(outage.failed(new SQLException("duplicate key", "23505"))).isFalse();
        assertThat(outage.reachable()).isFalse();
    }
}
