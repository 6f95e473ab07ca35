package io.ciosync.schedule;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.ciosync.CioSyncConfig;
import io.ciosync.job.DatabaseOutage;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;

/**
 * Fires recurring syncs: every replica's Quarkus Scheduler ticks each {@code cio-sync.schedules.tick}, looks for
 * schedules that are due and claims their tick in the database, so that whichever replica wins starts the one job.
 * Ticks missed while no replica ran are not made up: the next fire time is the first one after now.
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
    private final String owner;

    ScheduleTicker(ScheduleStore store, ScheduledJobs jobs, Clock clock, SchedulesConfig config,
            CioSyncConfig server) {
        this.store = store;
        this.jobs = jobs;
        this.clock = clock;
        this.config = config;
        this.retention = server.retention();
        this.owner = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Scheduled(every = "${cio-sync.schedules.tick}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (config.enabled()) {
            DatabaseOutage.pass("schedule ticks", this::fireDue);
        }
    }

    private void fireDue() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        for (ScheduleStore.Due due : store.due(now, BATCH)) {
            try {
                fire(due, now);
            } catch (RuntimeException e) {
                if (!DatabaseOutage.unreachable(e)) {
                    Log.errorf(e, "schedule %s: tick %s could not be claimed; the next tick retries", due.id(),
                            due.fireTime());
                }
            }
        }
    }

    private void fire(ScheduleStore.Due due, OffsetDateTime now) {
        OffsetDateTime next = CronExpression.parse(due.cron(), ZoneId.of(due.timeZone())).next(now).orElse(NEVER);
        store.claim(due, next, owner).ifPresent(tick -> {
            if (tick.jobId() == null) {
                Log.infof("schedule %s: tick %s skipped, its previous job is still running", due.id(), due.fireTime());
            } else {
                Thread.ofVirtual().name("cio-sync-schedule-" + due.id()).start(() -> jobs.start(tick));
            }
        });
    }

    @Scheduled(every = "${cio-sync.housekeeping-every}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tidy() {
        DatabaseOutage.pass("tidying schedule runs", () -> store.tidy(retention));
    }
}
