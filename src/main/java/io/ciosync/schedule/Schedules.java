package io.ciosync.schedule;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ciosync.LogText;
import io.ciosync.secrets.ApiKeyCipher;
import io.ciosync.store.RunRecord;
import io.ciosync.store.ScheduleRecord;
import io.ciosync.store.ScheduleRuns;
import io.ciosync.store.ScheduleStore;
import io.quarkus.logging.Log;

/** Recurring syncs as the API sees them: create (API key encrypted at once), list, read with recent runs, delete. */
@ApplicationScoped
public class Schedules {

    private final ScheduleRequestReader reader;
    private final ScheduleStore store;
    private final ScheduleRuns runs;
    private final ApiKeyCipher cipher;
    private final ObjectMapper json;
    private final Clock clock;
    private final int recentRuns;

    Schedules(
            ScheduleRequestReader reader,
            ScheduleStore store,
            ScheduleRuns runs,
            ApiKeyCipher cipher,
            ObjectMapper json,
            Clock clock,
            SchedulesConfig config) {
        this.reader = reader;
        this.store = store;
        this.runs = runs;
        this.cipher = cipher;
        this.json = json;
        this.clock = clock;
        this.recentRuns = config.recentRuns();
    }

    public ScheduleRecord create(InputStream body, String tenant) {
        ScheduleRequestReader.NewSchedule request = reader.read(tenant, body);
        String id = UUID.randomUUID().toString();
        OffsetDateTime now = OffsetDateTime.now(clock);
        OffsetDateTime next =
                CronExpression.parse(request.cron(), request.zone()).next(now).orElse(ScheduleTicker.NEVER);
        String apiKey =
                request.apiKey() == null ? null : cipher.encrypt(ScheduledJobs.keyContext(id), request.apiKey());
        ScheduleRecord schedule;
        try {
            schedule = new ScheduleRecord(
                    id,
                    tenant,
                    request.cron(),
                    request.zone().getId(),
                    json.writeValueAsString(request.jobRequest()),
                    apiKey,
                    request.skipUnchanged(),
                    next,
                    0,
                    now);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        store.create(schedule);
        Log.infof(
                "schedule %s created: \"%s\" (%s), first run at %s",
                id, LogText.of(request.cron()), request.zone(), next);
        return schedule;
    }

    public List<ScheduleRecord> list(String tenant) {
        return store.list(tenant);
    }

    public Optional<ScheduleRecord> find(String id, String tenant) {
        return store.find(id, tenant);
    }

    /** The latest runs, newest first ({@code cio-sync.schedules.recent-runs} of them). */
    public List<RunRecord> recentRuns(String id) {
        return runs.recent(id, recentRuns);
    }

    public boolean delete(String id, String tenant) {
        boolean deleted = store.delete(id, tenant);
        if (deleted) {
            Log.infof("schedule %s deleted", id);
        }
        return deleted;
    }
}
