package io.ciosync.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.ciosync.CioSyncConfig;
import io.ciosync.store.DatabaseOutage;
import io.ciosync.store.HeldLeases;
import io.ciosync.store.ScheduleStore;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;

/**
 * Fires recurring syncs: every replica's Quarkus Scheduler ticks each {@code cio-sync.schedules.tick}, claims the
 * schedules that are due under a lease (whichever replica gets one starts the one job of its tick), renews the leases
 * of the jobs it is starting and hands back expired ones. Ticks missed while no replica ran are not made up: the next
 * fire time is the first one after now.
 */
@ApplicationScoped
class ScheduleTicker {

    private static final int BATCH = 100;
    /** The next fire time of a cron that has no more (one with a year that is over). */
    static final OffsetDateTime NEVER = OffsetDateTime.of(9999, 12, 31, 0, 0, 0, 0, java.time.ZoneOffset.UTC);

    private final ScheduleStore store;
    private final ScheduledJobs jobs;
    private final Clock clock;
    private final SchedulesConfig config;
    private final Duration retention;
    private final String owner = HeldLeases.newOwner();
    private final HeldLeases<ScheduleStore.Due> held = new HeldLeases<>();

    ScheduleTicker(ScheduleStore store, ScheduledJobs jobs, Clock clock, SchedulesConfig config, CioSyncConfig server) {
        this.store = store;
        this.jobs = jobs;
        this.clock = clock;
        this.config = config;
        this.retention = server.retention();
    }

    @Scheduled(every = "${cio-sync.schedules.tick}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (config.enabled()) {
            DatabaseOutage.pass("schedule ticks", this::fireDue);
        }
    }

    private void fireDue() {
        store.renew(owner, held.now());
        store.reclaimExpired();
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<ScheduleStore.Due> claimed = store.claim(owner, now, BATCH);
        claimed.forEach(held::hold);
        for (ScheduleStore.Due due : claimed) {
            boolean starting = false;
            try {
                starting = fire(due, now);
            } catch (RuntimeException e) {
                if (!DatabaseOutage.unreachable(e)) {
                    Log.errorf(
                            e,
                            "schedule %s: tick %s could not be fired; it is tried again once its lease expires",
                            due.id(),
                            due.fireTime());
                }
            } finally {
                if (!starting) {
                    held.drop(due); // skipped (handed back), or given up to expire
                }
            }
        }
    }

    /** Fires a claimed tick: whether its job is being started (the schedule stays held until it is). */
    private boolean fire(ScheduleStore.Due due, OffsetDateTime now) {
        OffsetDateTime next = CronExpression.parse(due.cron(), ZoneId.of(due.timeZone()))
                .next(now)
                .orElse(NEVER);
        Optional<ScheduleStore.Tick> fired = store.fire(due, next, owner);
        if (fired.isEmpty() || fired.get().jobId() == null) {
            fired.ifPresent(tick -> Log.infof(
                    "schedule %s: tick %s skipped, its previous job is still running", due.id(), due.fireTime()));
            return false;
        }
        Thread.ofVirtual().name("cio-sync-schedule-" + due.id()).start(() -> {
            try {
                DatabaseOutage.pass("starting a scheduled job", () -> jobs.start(fired.get()));
            } finally {
                held.drop(due);
            }
        });
        return true;
    }

    @Scheduled(
            every = "${cio-sync.housekeeping-every}",
            delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tidy() {
        DatabaseOutage.pass("tidying schedule runs", () -> store.tidy(retention));
    }
}
