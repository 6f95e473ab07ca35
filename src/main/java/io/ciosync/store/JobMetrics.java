package io.ciosync.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Job-level metrics. Gauges read a snapshot of the shared database refreshed by the scheduler (never a query per
 * scrape), so every replica reports the same cluster-wide backlog. Labels are bounded: status, outcome and a
 * skipped user's reason ({@link SkipReason}; {@code none} for other outcomes: one metric keeps one set of labels).
 */
@ApplicationScoped
public class JobMetrics {

    /** A job's users without a final outcome yet (as {@link JobRecord#pending()}). */
    private static final String PENDING = "total - synced - failed - skipped - cancelled - unchanged";

    private final MeterRegistry registry;
    private final Database db;
    private final AtomicLong pendingUsers = new AtomicLong();
    private final AtomicLong queuedJobs = new AtomicLong();
    private final AtomicLong runningJobs = new AtomicLong();
    private final AtomicLong longestStallSeconds = new AtomicLong();
    private final JobStalls stalls = new JobStalls();
    private final Clock clock;

    JobMetrics(MeterRegistry registry, Database db, Clock clock) {
        this.registry = registry;
        this.db = db;
        this.clock = clock;
    }

    void register(@Observes StartupEvent event) {
        Gauge.builder("ciosync.users.pending", pendingUsers, AtomicLong::get)
                .description("Users not yet delivered, across all queued and running jobs")
                .register(registry);
        Gauge.builder("ciosync.jobs.active", queuedJobs, AtomicLong::get)
                .tag("status", "queued")
                .description("Jobs queued or running, across all replicas")
                .register(registry);
        Gauge.builder("ciosync.jobs.active", runningJobs, AtomicLong::get)
                .tag("status", "running")
                .description("Jobs queued or running, across all replicas")
                .register(registry);
        Gauge.builder("ciosync.jobs.longest.stall", longestStallSeconds, AtomicLong::get)
                .baseUnit("seconds")
                .description("Longest time a running job with pending users has had none of them end (0: none), "
                        + "as seen by this replica since it started")
                .register(registry);
        refresh();
    }

    @Scheduled(every = "${cio-sync.metrics-refresh-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        DatabaseOutage.pass("refreshing job metrics", this::read);
    }

    private void read() {
        db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT status, COUNT(*), "
                            + "COALESCE(SUM(" + PENDING + "), 0) FROM sync_job "
                            + "WHERE status IN ('queued', 'running') GROUP BY status");
                    ResultSet rs = ps.executeQuery()) {
                long pending = 0;
                long queued = 0;
                long running = 0;
                while (rs.next()) {
                    pending += rs.getLong(3);
                    if ("queued".equals(rs.getString(1))) {
                        queued = rs.getLong(2);
                    } else {
                        running = rs.getLong(2);
                    }
                }
                pendingUsers.set(pending);
                queuedJobs.set(queued);
                runningJobs.set(running);
            }
            Map<String, Long> pendingByJob = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                            "SELECT id, " + PENDING + " FROM sync_job " + "WHERE status = 'running'");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    pendingByJob.put(rs.getString(1), rs.getLong(2));
                }
            }
            longestStallSeconds.set(
                    stalls.observe(pendingByJob, clock.instant()).toSeconds());
            return null;
        });
    }

    /** Users whose outcome is final, by outcome (synced, failed, unchanged); skipped ones by {@link #usersSkipped}. */
    public void usersEnded(String outcome, long count) {
        users(outcome, "none", count);
    }

    /** Users skipped before sending, by reason. */
    public void usersSkipped(SkipReason reason, long count) {
        users(Outcome.SKIPPED.wire(), reason.label(), count);
    }

    private void users(String outcome, String reason, long count) {
        if (count > 0) {
            Counter.builder("ciosync.users")
                    .description("Users whose sync ended, by outcome (and why skipped)")
                    .tag("outcome", outcome)
                    .tag("reason", reason)
                    .register(registry)
                    .increment(count);
        }
    }

    /** A job reached its final status; {@code duration} runs from acceptance to the end. */
    public void jobEnded(JobStatus status, Duration duration) {
        Counter.builder("ciosync.jobs.finished")
                .description("Jobs that reached a final status, by status")
                .tag("status", status.wire())
                .register(registry)
                .increment();
        Timer.builder("ciosync.job.duration")
                .description("Time from a job's acceptance to its final status")
                .tag("status", status.wire())
                .publishPercentileHistogram()
                .register(registry)
                .record(duration);
    }
}
