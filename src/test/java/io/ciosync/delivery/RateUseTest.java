package io.ciosync.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.ciosync.customerio.Throttle.Permit;

/** The share of a rate in use ({@code ciosync_ratelimit_used_ratio}): requests held over this replica's part. */
class RateUseTest {

    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        later.shutdownNow();
    }

    @Test
    void requestsSentCountUntilTheyAreBehindTheirAnswersAndAFullBudgetIsOne() {
        Rate rate = new Rate(4, later);
        assertThat(rate.used()).isZero();

        List<Permit> two = List.of(rate.acquire(1), rate.acquire(1));
        assertThat(rate.used()).isEqualTo(0.5);
        List<Permit> four = List.of(rate.acquire(1), rate.acquire(1));
        assertThat(rate.used()).isEqualTo(1.0);

        two.forEach(Permit::release);
        four.forEach(Permit::release);
        await().atMost(Duration.ofSeconds(10)).until(() -> rate.used() == 0);
    }

    @Test
    void theShareIsOfThisReplicasPartOfTheBudget() {
        Rate rate = new Rate(4, later);

        Permit one = rate.acquire(2); // two live replicas: 2 per second each

        assertThat(rate.used()).isEqualTo(0.5);
        one.release();
    }
}
