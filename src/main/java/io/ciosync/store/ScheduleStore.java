package io.ciosync.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.ciosync.store.RunRecord.RunOutcome;

/**
 * Schedules and their runs in the database. A due schedule is claimed under a lease ({@link Leases}: of several
 * replicas ticking at once exactly one gets it), held while the job of its tick is started, and its run recorded under
 * the primary key (schedule, fire time), on H2 and PostgreSQL alike.
 */
@ApplicationScoped
public class ScheduleStore {

    /** A schedule that is due at {@code fireTime}. */
    public record Due(String id, OffsetDateTime fireTime, String cron, String timeZone) {}

    /** A fired tick of {@code owner}: start {@code jobId}, or nothing when {@code jobId} is null (skipped). */
    public record Tick(ScheduleRecord schedule, OffsetDateTime fireTime, String jobId, String owner) {}

    /** Schedules as leased work: due once {@code next_fire} has come, leased while the job of that tick starts. */
    static final LeaseKind<Due> SCHEDULES = new LeaseKind<>(
            "sync_schedule",
            "id = ?",
            "id, next_fire, cron, time_zone",
            "deleted_at IS NULL AND lease_owner IS NULL AND next_fire <= ?",
            "next_fire",
            "lease_owner",
            "lease_until",
            "",
            "lease_owner IS NOT NULL",
            "",
            rs -> new Due(rs.getString(1), rs.getObject(2, OffsetDateTime.class), rs.getString(3), rs.getString(4)),
            (ps, i, due) -> ps.setString(i, due.id()));

    /**
     * How long a run may stay {@code starting} before its replica is presumed dead and the next tick may start; also
     * the lease of a schedule whose tick is being started, renewed while it is.
     */
    static final Duration STARTING_GRACE = Duration.ofMinutes(1);

    private static final String COLUMNS = "id, tenant, cron, time_zone, job_request, api_key_enc, skip_unchanged, "
            + "next_fire, skipped_ticks, created_at";

    private final Database db;
    private final Leases leases;
    private final Clock clock;

    ScheduleStore(Database db, Leases leases, Clock clock) {
        this.db = db;
        this.leases = leases;
        this.clock = clock;
    }

    public void create(ScheduleRecord s) {
        db.inTransaction(c -> Sql.update(
                c,
                "INSERT INTO sync_schedule (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                s.id(),
                s.tenant(),
                s.cron(),
                s.timeZone(),
                s.jobRequest(),
                s.apiKeyEncrypted(),
                s.skipUnchanged(),
                s.nextFire(),
                s.skippedTicks(),
                s.createdAt()));
    }

    public List<ScheduleRecord> list(String tenant) {
        return db.read(c -> schedules(
                c,
                "SELECT " + COLUMNS + " FROM sync_schedule WHERE tenant = ? "
                        + "AND deleted_at IS NULL ORDER BY created_at, id",
                tenant));
    }

    public Optional<ScheduleRecord> find(String id, String tenant) {
        return db
                .read(c -> schedules(
                        c,
                        "SELECT " + COLUMNS + " FROM sync_schedule WHERE id = ? AND tenant = ? "
                                + "AND deleted_at IS NULL",
                        id,
                        tenant))
                .stream()
                .findFirst();
    }

    /** Stops a schedule: no tick is claimed after this commits. Its runs stay for the record until purged. */
    public boolean delete(String id, String tenant) {
        return db.inTransaction(c -> Sql.update(
                        c,
                        "UPDATE sync_schedule SET deleted_at = ? WHERE id = ? AND tenant = ? "
                                + "AND deleted_at IS NULL",
                        now(),
                        id,
                        tenant))
                > 0;
    }

    /** Claims up to {@code limit} schedules due at {@code now} for {@code owner}, each under a lease. */
    public List<Due> claim(String owner, OffsetDateTime now, int limit) {
        return db.inTransaction(c -> leases.claim(c, SCHEDULES, owner, STARTING_GRACE, limit, now));
    }

    /** Extends the leases of the schedules whose jobs {@code owner} is starting now, and of no other. */
    public void renew(String owner, List<Due> held) {
        leases.renew(SCHEDULES, owner, held, STARTING_GRACE);
    }

    /** Hands back the schedules whose lease expired: their replica died, lost its database, or gave them up. */
    public int reclaimExpired() {
        return leases.reclaimExpired(SCHEDULES);
    }

    /**
     * Fires a claimed tick, if {@code owner} still holds the schedule: moves it on to {@code next} and records the
     * run. When the schedule's previous job is still running the tick is recorded as skipped and counted, and the
     * schedule handed back; else it stays leased until the job is started ({@link #finish}).
     */
    public Optional<Tick> fire(Due due, OffsetDateTime next, String owner) {
        return db.inTransaction(c -> {
            if (leases.lockHeld(c, SCHEDULES, owner, due, "next_fire", rs -> true)
                    .isEmpty()) {
                return Optional.<Tick>empty();
            }
            Sql.update(c, "UPDATE sync_schedule SET next_fire = ? WHERE id = ?", next, due.id());
            ScheduleRecord schedule = schedules(c, "SELECT " + COLUMNS + " FROM sync_schedule WHERE id = ?", due.id())
                    .get(0);
            OffsetDateTime now = now();
            if (previousJobRunning(c, due.id(), now)) {
                Sql.update(
                        c,
                        "INSERT INTO schedule_run (schedule_id, fire_time, fired_at, fired_by, outcome, error) "
                                + "VALUES (?, ?, ?, ?, 'skipped', 'the previous job of this schedule was still running')",
                        due.id(),
                        due.fireTime(),
                        now,
                        owner);
                Sql.update(
                        c,
                        "UPDATE sync_schedule SET skipped_ticks = skipped_ticks + 1, " + SCHEDULES.clear()
                                + " WHERE id = ?",
                        due.id());
                return Optional.of(new Tick(schedule, due.fireTime(), null, owner));
            }
            String jobId = JobStore.newJobId();
            Sql.update(
                    c,
                    "INSERT INTO schedule_run (schedule_id, fire_time, fired_at, fired_by, outcome, job_id) "
                            + "VALUES (?, ?, ?, ?, 'starting', ?)",
                    due.id(),
                    due.fireTime(),
                    now,
                    owner,
                    jobId);
            return Optional.of(new Tick(schedule, due.fireTime(), jobId, owner));
        });
    }

    private static boolean previousJobRunning(Connection c, String id, OffsetDateTime now) throws SQLException {
        return Sql.one(
                        c,
                        "SELECT r.outcome, r.fired_at, j.status FROM schedule_run r LEFT JOIN sync_job j "
                                + "ON j.id = r.job_id WHERE r.schedule_id = ? AND r.job_id IS NOT NULL "
                                + "ORDER BY r.fire_time DESC LIMIT 1",
                        rs -> rs.getString(3) != null
                                ? !JobStatus.fromWire(rs.getString(3)).finished()
                                : RunOutcome.fromWire(rs.getString(1)) == RunOutcome.STARTING
                                        && rs.getObject(2, OffsetDateTime.class).isAfter(now.minus(STARTING_GRACE)),
                        id)
                .orElse(false);
    }

    /**
     * The tick's job was accepted ({@code started}) or could not be ({@code failed}, with the reason); the schedule
     * is handed back.
     */
    public void finish(Tick tick, RunOutcome outcome, String error) {
        db.inTransaction(c -> Sql.update(
                        c,
                        "UPDATE schedule_run SET outcome = ?, error = ? WHERE schedule_id = ? " + "AND fire_time = ?",
                        outcome.wire(),
                        error == null ? null : Sql.text(error),
                        tick.schedule().id(),
                        tick.fireTime())
                + Sql.update(
                        c,
                        "UPDATE sync_schedule SET " + SCHEDULES.clear() + " WHERE id = ? " + "AND lease_owner = ?",
                        tick.schedule().id(),
                        tick.owner()));
    }

    /** Marks runs whose replica died while starting them, and purges deleted schedules and runs older than {@code retention}. */
    public int tidy(Duration retention) {
        OffsetDateTime now = now();
        OffsetDateTime before = now.minus(retention);
        return db.inTransaction(c -> Sql.update(
                        c,
                        "UPDATE schedule_run SET outcome = 'failed', error = 'the replica "
                                + "starting this job stopped before the job was accepted' WHERE outcome = 'starting' AND fired_at < ?",
                        now.minus(STARTING_GRACE.multipliedBy(10)))
                + Sql.update(c, "DELETE FROM schedule_run WHERE fire_time < ?", before)
                + Sql.update(c, "DELETE FROM sync_schedule WHERE deleted_at < ?", before));
    }

    private static List<ScheduleRecord> schedules(Connection c, String sql, Object... params) throws SQLException {
        return Sql.query(
                c,
                sql,
                rs -> new ScheduleRecord(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getObject(7, Boolean.class),
                        rs.getObject(8, OffsetDateTime.class),
                        rs.getInt(9),
                        rs.getObject(10, OffsetDateTime.class)),
                params);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
