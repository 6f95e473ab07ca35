package io.ciosync.ingest;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.ZipException;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ciosync.CioSyncConfig;
import io.ciosync.InvalidRequestException;
import io.ciosync.job.ApiKeyCipher;
import io.ciosync.job.Fingerprints;
import io.ciosync.job.JobMetrics;
import io.ciosync.job.JobStatus;
import io.ciosync.job.JobStore;
import io.ciosync.job.UserWriter;
import io.ciosync.job.Outcome;
import io.ciosync.mapping.ConfigReader;
import io.ciosync.mapping.Fingerprint;
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
    private final Fingerprints fingerprints;

    Ingestor(JobStore jobs, ApiKeyCipher cipher, ObjectMapper json, CioSyncConfig config, JobMetrics metrics,
            Fingerprints fingerprints) {
        this.fingerprints = fingerprints;
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
        try (UserRecords users = UserRecords.open(submission.data(), submission.format(), json,
                submission.dataField()).limitRecords(config.maxUserRecordSize().asLongValue())) {
            jobs.createIngesting(id, tenant, storedConfig(read), cipher.encrypt(id, sync.apiKey()), read.warnings());
            fingerprints.scope(id, Fingerprint.scope(sync));
            MDC.put(Dispatcher.JOB_ID, id);
            try {
                return stream(id, sync, users, read.warnings());
            } catch (RuntimeException | IOException e) {
                jobs.discard(id);
                throw e;
            } finally {
                MDC.remove(Dispatcher.JOB_ID);
            }
        } catch (JsonProcessingException e) {
            throw Malformed.of(submission.dataField(), e);
        } catch (ZipException | EOFException e) {
            throw InvalidRequestException.of(submission.dataField(), "is not valid gzip data (" + e.getMessage() + ")");
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

    private Accepted stream(String id, SyncConfig sync, UserRecords users, List<String> warnings)
            throws IOException {
        UserMapper mapper = new UserMapper(sync);
        int maxUsers = config.maxUsersPerJob();
        int seq = 0;
        int skipped = 0;
        int unchanged;
        try (UserWriter writer = jobs.openWriter(id, BATCH)) {
            PendingUsers pending = new PendingUsers(writer, fingerprints,
                    sync.skipsUnchanged() ? Fingerprint.scope(sync) : null, BATCH);
            String field = users.field;
            for (JsonNode record = users.next(); record != null; record = users.next()) {
                if (seq == maxUsers) {
                    throw new InvalidRequestException(413, List.of(new InvalidRequestException.Violation(field,
                            "has more than " + maxUsers + " users (cio-sync.max-users-per-job)")));
                }
                MappedUser user = mapper.map(record);
                if (user.skipped()) {
                    skipped++;
                    Log.warnf("job %s: user %s (record %d) skipped: %s", id, user.userId(), seq, user.skipReason());
                    writer.add(seq, user.userId(), null, Outcome.SKIPPED, user.skipReason());
                } else {
                    pending.add(seq, user.userId(), user.payload(), Fingerprint.of(user.payload()));
                }
                seq++;
            }
            pending.flush();
            writer.flush();
            unchanged = pending.unchanged();
        }
        fingerprints.countUnchanged(id, unchanged);
        int chunkSize = sync.batch() ? config.delivery().batchChunkSize() : config.delivery().chunkSize();
        JobStore.Acceptance accepted = sync.dryRunOnly() ? jobs.acceptDryRun(id, seq, skipped)
                : jobs.accept(id, seq, skipped, chunkSize);
        metrics.usersEnded(Outcome.SKIPPED.wire(), accepted.skipped());
        if (accepted.status().finished()) {
            metrics.jobEnded(accepted.status(), java.time.Duration.ZERO);
        }
        Log.infof("job %s accepted: %d users (%d skipped before sending, %d unchanged), %s", id, seq,
                accepted.skipped(), unchanged, accepted.status().wire());
        return new Accepted(id, accepted.status(), seq, warnings);
    }
}
