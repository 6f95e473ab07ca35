package io.ciosync.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ciosync.CioSyncConfig;
import io.ciosync.InvalidRequestException;
import io.ciosync.job.ApiKeyCipher;
import io.ciosync.job.JobMetrics;
import io.ciosync.job.JobStatus;
import io.ciosync.job.JobStore;
import io.ciosync.job.Outcome;
import io.ciosync.mapping.ConfigReader;
import io.ciosync.mapping.SyncConfig;
import io.ciosync.mapping.UserMapper;
import io.ciosync.mapping.UserMapper.MappedUser;
import io.quarkus.logging.Log;
import org.jboss.logging.MDC;
import io.ciosync.delivery.Dispatcher;

/**
 * Turns a submission into an accepted job: validates the config, streams the users through the mapping into the
 * database in batches, and queues the job. Any failure removes the half-written job: no job is half-created.
 */
@ApplicationScoped
public class Ingestor {

    /** An accepted job as first reported to the client. */
    public record Accepted(String id, JobStatus status, int total, List<String> warnings) {
    }

    private static final int BATCH = 1000;

    private final JobStore jobs;
    private final ApiKeyCipher cipher;
    private final ObjectMapper json;
    private final CioSyncConfig config;
    private final JobMetrics metrics;

    Ingestor(JobStore jobs, ApiKeyCipher cipher, ObjectMapper json, CioSyncConfig config, JobMetrics metrics) {
        this.metrics = metrics;
        this.jobs = jobs;
        this.cipher = cipher;
        this.json = json;
        this.config = config;
    }

    public Accepted ingest(Submission submission, String tenant) {
        return ingest(submission, tenant, JobStore.newJobId());
    }

    /** Ingests under an id chosen by the caller (a schedule records it before the job exists). */
    public Accepted ingest(Submission submission, String tenant, String id) {
        ConfigReader.Result read = submission.config();
        SyncConfig sync = read.config();
        try (BoundedParser users = new BoundedParser(json.createParser(submission.data().toFile()))) {
            JsonToken first = users.nextToken();
            if (first != JsonToken.START_ARRAY) {
                throw InvalidRequestException.of(submission.dataField(), "must be a JSON array of user objects (got "
                        + SubmissionReader.describe(first) + ")");
            }
            jobs.createIngesting(id, tenant, storedConfig(read), cipher.encrypt(id, sync.apiKey()), read.warnings());
            MDC.put(Dispatcher.JOB_ID, id);
            try {
                return stream(id, sync, users, submission.dataField(), read.warnings());
            } catch (RuntimeException | IOException e) {
                jobs.discard(id);
                throw e;
            } finally {
                MDC.remove(Dispatcher.JOB_ID);
            }
        } catch (JsonProcessingException e) {
            throw Malformed.of(submission.dataField(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The config as stored in plain text and shown to clients: without the API key, with the workspace named. */
    private String storedConfig(ConfigReader.Result read) throws JsonProcessingException {
        ObjectNode stored = json.valueToTree(read.config().withoutApiKey());
        if (read.workspace() != null) {
            stored.put("workspace", read.workspace());
        }
        return json.writeValueAsString(stored);
    }

    private Accepted stream(String id, SyncConfig sync, BoundedParser users, String field, List<String> warnings)
            throws IOException {
        UserMapper mapper = new UserMapper(sync);
        int maxUsers = config.maxUsersPerJob();
        long maxRecordBytes = config.maxUserRecordSize().asLongValue();
        int seq = 0;
        int skipped = 0;
        try (JobStore.UserWriter writer = jobs.openWriter(id, BATCH)) {
            for (JsonToken token = users.nextToken(); token != JsonToken.END_ARRAY; token = users.nextToken()) {
                if (token == null) {
                    throw InvalidRequestException.of(field, "ends before the array is closed (truncated?)");
                }
                if (seq == maxUsers) {
                    throw new InvalidRequestException(413, List.of(new InvalidRequestException.Violation(field,
                            "has more than " + maxUsers + " users (cio-sync.max-users-per-job)")));
                }
                users.limitNext(maxRecordBytes, field + "[" + seq + "]", "cio-sync.max-user-record-size");
                JsonNode record = users.readValueAsTree();
                users.unlimited();
                MappedUser user = mapper.map(record);
                if (user.skipped()) {
                    skipped++;
                    Log.warnf("job %s: user %s (record %d) skipped: %s", id, user.userId(), seq, user.skipReason());
                    writer.add(seq, user.userId(), null, Outcome.SKIPPED, user.skipReason());
                } else {
                    writer.add(seq, user.userId(), user.payload(), Outcome.PENDING, null);
                }
                seq++;
            }
            if (users.nextToken() != null) {
                throw InvalidRequestException.of(field, "has content after the end of the array");
            }
            writer.flush();
        }
        int chunkSize = sync.batch() ? config.delivery().batchChunkSize() : config.delivery().chunkSize();
        JobStore.Acceptance accepted = jobs.accept(id, seq, skipped, chunkSize);
        metrics.usersEnded(Outcome.SKIPPED.wire(), accepted.skipped());
        if (accepted.status().finished()) {
            metrics.jobEnded(accepted.status(), java.time.Duration.ZERO);
        }
        Log.infof("job %s accepted: %d users (%d skipped before sending), %s", id, seq, accepted.skipped(),
                accepted.status().wire());
        return new Accepted(id, accepted.status(), seq, warnings);
    }
}
