package io.ciosync.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.ciosync.CustomerIoStandInResource;
import io.ciosync.store.Database;
import io.ciosync.store.ScheduleRecord;
import io.ciosync.store.ScheduleStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Claimants racing for one tick (as replicas do): exactly one wins, the schedule moves on once. */
@QuarkusTest
@WithTestResource(CustomerIoStandInResource.class)
class ScheduleClaimTest {

    @Inject
    ScheduleStore store;

    @Inject
    Database db;

    @Inject
    Clock clock;

    @Test
    void ofEightClaimantsOfOneTickExactlyOneWins() throws Exception {
        String id = UUID.randomUUID().toString();
        OffsetDateTime due = OffsetDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC); // long due: never by the ticker
        OffsetDateTime next = OffsetDateTime.of(2999, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        store.create(new ScheduleRecord(
                id, "claim-test", "0 0 0 1 1 ? 2999", "UTC", "{}", null, null, due, 0, OffsetDateTime.now(clock)));
        // the ticker of this instance would claim it too: it may, as one more claimant; the count below holds
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Optional<ScheduleStore.Tick>>> claims = new ArrayList<>();
        try (ExecutorService claimants = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 8; i++) {
                String owner = "claimant-" + i;
                claims.add(claimants.submit(() -> {
                    go.await();
                    return store.claim(owner, OffsetDateTime.now(clock), 100).stream()
                            .filter(claimed -> claimed.id().equals(id))
                            .findFirst()
                            .flatMap(claimed -> store.fire(claimed, next, owner));
                }));
            }
            go.countDown();
        }
        long won = 0;
        for (Future<Optional<ScheduleStore.Tick>> claim : claims) {
            won += claim.get().isPresent() ? 1 : 0;
        }

        assertThat(won
                        + ScheduleFixtures.count(
                                db,
                                "SELECT COUNT(*) FROM schedule_run WHERE schedule_id = ? "
                                        + "AND fired_by NOT LIKE 'claimant-%'",
                                id))
                .as("one claim in all")
                .isEqualTo(1);
        assertThat(ScheduleFixtures.runs(db, id)).isEqualTo(1);
        db.inTransaction(c -> c.createStatement().executeUpdate("DELETE FROM sync_schedule WHERE id = '" + id + "'"));
        db.inTransaction(c -> c.createStatement()
                .executeUpdate("UPDATE sync_schedule SET lease_owner = NULL, "
                        + "lease_until = NULL WHERE lease_owner LIKE 'claimant-%'")); // other tests'
        // schedules they
        // took
    }
}
