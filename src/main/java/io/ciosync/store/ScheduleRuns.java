package io.ciosync.store;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.ciosync.store.RunRecord.RunOutcome;

/** The run history of schedules as clients read it; {@link ScheduleStore} records the runs. */
@ApplicationScoped
public class ScheduleRuns {

    private final Database db;

    ScheduleRuns(Database db) {
        this.db = db;
    }

    /** The latest runs of a schedule, newest first, with their jobs' status and counts. */
    public List<RunRecord> recent(String id, int limit) {
        return db.read(c -> Sql.query(
                c,
                "SELECT r.fire_time, r.fired_at, r.fired_by, r.outcome, r.job_id, r.error, j.status, j.total, j.synced, "
                        + "j.failed, j.skipped, j.cancelled, j.unchanged FROM schedule_run r "
                        + "LEFT JOIN sync_job j ON j.id = r.job_id AND j.status <> 'ingesting' "
                        + "WHERE r.schedule_id = ? ORDER BY r.fire_time DESC LIMIT ?",
                rs -> new RunRecord(
                        rs.getObject(1, OffsetDateTime.class),
                        rs.getObject(2, OffsetDateTime.class),
                        rs.getString(3),
                        RunOutcome.fromWire(rs.getString(4)),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getObject(8, Integer.class),
                        rs.getObject(9, Integer.class),
                        rs.getObject(10, Integer.class),
                        rs.getObject(11, Integer.class),
                        rs.getObject(12, Integer.class),
                        rs.getObject(13, Integer.class)),
                id,
                limit));
    }
}
