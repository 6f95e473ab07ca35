package io.ciosync.schedule;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ciosync.InvalidRequestException;
import io.ciosync.LogText;
import io.ciosync.ingest.FileRefs;
import io.ciosync.ingest.Ingestor;
import io.ciosync.ingest.Submission;
import io.ciosync.ingest.SubmissionReader;
import io.ciosync.secrets.ApiKeyCipher;
import io.ciosync.store.RunRecord.RunOutcome;
import io.ciosync.store.ScheduleRecord;
import io.ciosync.store.ScheduleStore;
import io.quarkus.logging.Log;

/**
 * Starts the job of a claimed tick: the schedule's sync request, its API key decrypted back in, goes through the
 * same reader and ingestor as {@code POST /syncs} (the files are read now, as they are at this tick).
 */
@ApplicationScoped
class ScheduledJobs {

    private final ScheduleStore store;
    private final SubmissionReader reader;
    private final Ingestor ingestor;
    private final ApiKeyCipher cipher;
    private final FileRefs files;
    private final ObjectMapper json;

    ScheduledJobs(
            ScheduleStore store,
            SubmissionReader reader,
            Ingestor ingestor,
            ApiKeyCipher cipher,
            FileRefs files,
            ObjectMapper json) {
        this.store = store;
        this.reader = reader;
        this.ingestor = ingestor;
        this.cipher = cipher;
        this.files = files;
        this.json = json;
    }

    /** The key a schedule's API key is bound to, apart from any job's. */
    static String keyContext(String scheduleId) {
        return "schedule/" + scheduleId;
    }

    void start(ScheduleStore.Tick tick) {
        ScheduleRecord schedule = tick.schedule();
        try (Submission submission = reader.fromJson(
                schedule.tenant(), new ByteArrayInputStream(json.writeValueAsBytes(request(schedule))))) {
            ingestor.ingest(submission, schedule.tenant(), tick.jobId());
            store.finish(tick, RunOutcome.STARTED, null);
            Log.infof("schedule %s: tick %s started job %s", schedule.id(), tick.fireTime(), tick.jobId());
        } catch (InvalidRequestException e) {
            fail(
                    tick,
                    e.violations().stream()
                            .map(v -> v.field() + " " + v.message())
                            .toList()
                            .toString());
        } catch (IOException | RuntimeException e) {
            Log.errorf(e, "schedule %s: tick %s could not start its job", schedule.id(), tick.fireTime());
            fail(tick, "the job could not be started: " + e.getMessage());
        }
    }

    private void fail(ScheduleStore.Tick tick, String reason) {
        Log.warnf("schedule %s: tick %s started no job: %s", tick.schedule().id(), tick.fireTime(), LogText.of(reason));
        store.finish(tick, RunOutcome.FAILED, reason);
    }

    /**
     * The sync request of this tick. {@code skipUnchanged}, when the schedule sets it, is handed to the job in its
     * config (a config file is read for that), where the job config's own {@code skipUnchanged} is read.
     */
    private ObjectNode request(ScheduleRecord schedule) throws IOException {
        ObjectNode request = (ObjectNode) json.readTree(schedule.jobRequest());
        if (schedule.skipUnchanged() != null && request.path("configFile").isTextual()) {
            Path file = files.resolve(
                    schedule.tenant(),
                    "configFile",
                    request.remove("configFile").asText());
            try {
                request.set("config", json.readTree(file.toFile()));
            } catch (JsonProcessingException e) { // its message would quote the file
                throw InvalidRequestException.of("configFile", "is not valid JSON");
            }
        }
        if (request.get("config") instanceof ObjectNode config) {
            if (schedule.apiKeyEncrypted() != null) {
                config.put("api-key", cipher.decrypt(keyContext(schedule.id()), schedule.apiKeyEncrypted()));
            }
            if (schedule.skipUnchanged() != null) {
                config.put("skipUnchanged", schedule.skipUnchanged());
            }
        }
        return request;
    }
}
