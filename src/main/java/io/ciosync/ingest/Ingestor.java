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

import io.ciosync.CioSyncConfig;
import io.ciosync.InvalidRequestException;
import io.ciosync.job.ApiKeyCipher;
import io.ciosync.job.Fingerprints;
import io.ciosync.job.JobMetrics;
import io.ciosync.job.JobStatus;
import io.ciosync.job.JobStore;
import io.ciosync.job.Outcome;
import io.ciosync.mapping.ConfigReader;
import io.ciosync.mapping.Fingerprint;
import io.ciosync.mapping.SyncConfig;
import io.ciosync.mapping.UserMapper;
import io.ciosync.mapping.UserMapper.MappedUser;
import io.quarkus.logging.Log;

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
        ConfigReader.Result read = submission.config();
        SyncConfig sync = read.config();
        try (UserRecords users = UserRecords.open(submission.data(), submission.format(), json,
                submission.dataField())) {
            String id = JobStore.newJobId();
            jobs.createIngesting(id, tenant, json.writeValueAsString(sync.withoutApiKey()),
                    cipher.encrypt(id, sync.apiKey()), read.warnings());
            fingerprints.scope(id, Fingerprint.scope(sync));
            try {
                return stream(id, sync, users, read.warnings());
            } catch (RuntimeException | IOException e) {
                jobs.discard(id);
                throw e;
            }
        } catch (JsonProcessingException e) {
            throw Malformed.of(submission.dataField(), e);
        } catch (ZipException | EOFException e) {
            throw InvalidRequestException.of(submission.dataField(), "is not valid gzip data (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Accepted stream(String id, SyncConfig sync, UserRecords users, List<String> warnings)
            throws IOException {
        UserMapper mapper = new UserMapper(sync);
        int seq = 0;
        int skipped = 0;
        int unchanged;
        try (JobStore.UserWriter writer = jobs.openWriter(id, BATCH)) {
            PendingUsers pending = new PendingUsers(writer, fingerprints,
                    sync.skipsUnchanged() ? Fingerprint.scope(sync) : null, BATCH);
            for (JsonNode record = users.next(); record != null; record = users.next()) {
                MappedUser user = mapper.map(record);
                if (user.skipped()) {
                    skipped++;
                    Log.warnf("job %s: user %s (record %d) skipped: %s", id, user.userId(), seq, user.skipReason());
                    writer.add(seq, user.userId(), null, Outcome.SKIPPED, user.skipReason());
                } else {
                    pending.add(seq, user.userId(), user.payload().toString(), Fingerprint.of(user.payload()));
                }
                seq++;
            }
            pending.flush();
            writer.flush();
            unchanged = pending.unchanged();
        }
        fingerprints.countUnchanged(id, unchanged);
        JobStore.Acceptance accepted = sync.dryRunOnly() ? jobs.acceptDryRun(id, seq, skipped)
                : jobs.accept(id, seq, skipped, config.delivery().chunkSize());
        metrics.usersEnded(Outcome.SKIPPED.wire(), accepted.skipped());
        if (accepted.status().finished()) {
            metrics.jobEnded(accepted.status(), java.time.Duration.ZERO);
        }
        Log.infof("job %s accepted: %d users (%d skipped before sending, %d unchanged), %s", id, seq,
                accepted.skipped(), unchanged, accepted.status().wire());
        return new Accepted(id, accepted.status(), seq, warnings);
    }
}
