package io.ciosync.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import org.jboss.logging.MDC;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ciosync.LogText;
import io.ciosync.mapping.ConfigReader;
import io.ciosync.mapping.CreatedAt;
import io.ciosync.mapping.Fingerprint;
import io.ciosync.mapping.SyncConfig;
import io.ciosync.mapping.UserMapper;
import io.ciosync.secrets.ApiKeyCipher;
import io.ciosync.store.ChunkConfig;
import io.ciosync.store.ChunkWriter;
import io.ciosync.store.Database;
import io.ciosync.store.DiskSpace;
import io.ciosync.store.FailedIngests;
import io.ciosync.store.Fingerprints;
import io.ciosync.store.InsufficientStorageException;
import io.ciosync.store.JobEnded;
import io.ciosync.store.JobMetrics;
import io.ciosync.store.JobQueued;
import io.ciosync.store.JobStatus;
import io.ciosync.store.JobStore;
import io.ciosync.store.Outcome;
import io.ciosync.store.SkipReason;
import io.quarkus.logging.Log;

/**
 * Turns a submission into an accepted job in two passes over its data, run side by side: the first checks it whole,
 * the second parses and maps the users here and hands them to a {@link StoreStage} that writes them into chunks,
 * held back from delivery until the check passed and queued as they are written from then on, so delivery overlaps
 * ingestion. A bad input is refused with nothing
 * created or sent, and so is a job the embedded database has no room for (507, {@link DiskSpace}). When the
 * database fails while the job is stored, the request is refused (503, or 507 for a full disk) and the job removed
 * ({@link FailedIngests}, which tries again while the database is away). A later failure of the second pass for
 * another reason (the file changed) fails the job once users may have been sent, and removes it before.
 */
@ApplicationScoped
public class Ingestor {

    /** An accepted job as first reported to the client. */
    public record Accepted(String id, JobStatus status, int total, List<String> warnings) {}

    private static final int BATCH = 1000;

    private final JobStore jobs;
    private final ApiKeyCipher cipher;
    private final ObjectMapper json;
    private final InputPasses passes;
    private final ChunkConfig chunks;
    private final JsonConfig jsonLimits;
    private final JobMetrics metrics;
    private final Fingerprints fingerprints;
    private final Event<JobQueued> queued;
    private final Event<JobEnded> ended;
    private final DiskSpace space;
    private final FailedIngests failed;
    private final ParseThreads parsing;

    Ingestor(
            JobStore jobs,
            ApiKeyCipher cipher,
            ObjectMapper json,
            InputPasses passes,
            ChunkConfig chunks,
            JsonConfig jsonLimits,
            JobMetrics metrics,
            Fingerprints fingerprints,
            Event<JobQueued> queued,
            Event<JobEnded> ended,
            DiskSpace space,
            FailedIngests failed,
            ParseThreads parsing) {
        this.space = space;
        this.failed = failed;
        this.parsing = parsing;
        this.queued = queued;
        this.ended = ended;
        this.fingerprints = fingerprints;
        this.metrics = metrics;
        this.jobs = jobs;
        this.cipher = cipher;
        this.json = json;
        this.passes = passes;
        this.chunks = chunks;
        this.jsonLimits = jsonLimits;
    }

    public Accepted ingest(Submission submission, String tenant) {
        return ingest(submission, tenant, JobStore.newJobId());
    }

    /** Ingests under an id chosen by the caller (a schedule records it before the job exists). */
    public Accepted ingest(Submission submission, String tenant, String id) {
        long maxInflated = jsonLimits.maxDecompressedSize().asLongValue();
        return parsing.run(() -> {
            try (Submission plain = Decompressed.plain(submission, maxInflated)) {
                return ingestPlain(plain, tenant, id);
            }
        });
    }

    /** Ingests data that is not compressed, on one of the {@link ParseThreads}. */
    private Accepted ingestPlain(Submission submission, String tenant, String id) {
        ConfigReader.Result read = submission.config();
        SyncConfig sync = read.config();
        space.requireRoomFor(InputSize.of(submission.data()));
        Optional<CreatedAt.DataCheck> createdAt = CreatedAt.dataCheck(sync, read.field());
        if (createdAt.isPresent() && submission.format().kind() == DataFormat.Kind.CSV) {
            throw createdAt.get().fromCsv();
        }
        try (Background check = Background.start("cio-sync-input-check", () -> passes.check(submission, createdAt));
                UserRecords users = passes.open(submission, false)) {
            create(id, tenant, read);
            MDC.put(LogText.JOB_ID, id);
            try {
                return stream(id, sync, users, read.warnings(), read.field(), check);
            } catch (RuntimeException | IOException e) {
                // refused for want of a database (503, 507): nothing is kept, even if its first users were sent
                boolean refused = e instanceof Database.StoreException || e instanceof InsufficientStorageException;
                // else, once chunks were released (users may have been sent), the job fails; before, it is removed
                failed.giveUp(
                        id, check.passed() && !refused, "the data could not be read a second time: " + e.getMessage());
                if (e instanceof RuntimeException r) {
                    throw space.explain(r);
                }
                throw e;
            } finally {
                MDC.remove(LogText.JOB_ID);
            }
        } catch (JsonProcessingException e) {
            throw Malformed.of(submission.dataField(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Inserts the job, not yet visible; when the database fails, it may have committed all the same: removed. */
    private void create(String id, String tenant, ConfigReader.Result read) throws JsonProcessingException {
        try {
            jobs.createIngesting(
                    id,
                    tenant,
                    read.config().toStored(json, read.workspace()),
                    cipher.encrypt(id, read.config().apiKey()),
                    read.warnings());
        } catch (Database.StoreException e) {
            failed.giveUp(id, false, null);
            throw space.explain(e);
        }
    }

    private Accepted stream(
            String id, SyncConfig sync, UserRecords users, List<String> warnings, String field, Background check)
            throws IOException {
        UserMapper mapper = new UserMapper(sync);
        String scope = Fingerprint.scope(sync);
        boolean recording = !sync.dryRunOnly() && fingerprints.recording(scope, sync.skipsUnchanged());
        if (recording) {
            fingerprints.scope(id, scope);
        }
        int chunkSize = sync.batch() ? chunks.batchChunkSize() : chunks.chunkSize();
        int seq = 0;
        int skipped;
        Map<SkipReason, Integer> skippedBy = new EnumMap<>(SkipReason.class);
        int unchanged;
        long start = System.nanoTime();
        try (ChunkWriter writer = jobs.openWriter(id, chunkSize, () -> queued.fire(new JobQueued(id)));
                StoreStage store = new StoreStage(
                        id,
                        writer,
                        new PendingUsers(
                                writer,
                                fingerprints,
                                sync.skipsUnchanged() ? scope : null,
                                sync.dryRunOnly() ? Outcome.WOULD_SYNC : Outcome.PENDING,
                                BATCH),
                        check,
                        recording,
                        sync.skipsDuplicateEmails())) {
            int maxUsers = passes.maxUsers(); // once, not through the bean's proxy for every user
            for (JsonNode record = users.next(); record != null; record = users.next()) {
                if (seq == maxUsers) {
                    throw passes.tooManyUsers(users.field);
                }
                store.add(seq++, mapper.map(record));
            }
            skipped = store.finish();
            unchanged = store.unchanged();
            for (SkipReason reason : SkipReason.values()) {
                skippedBy.put(reason, store.skipped(reason));
            }
        }
        fingerprints.countUnchanged(id, unchanged);
        List<String> allWarnings = withDataWarnings(id, warnings, mapper, sync, field);
        JobStore.Acceptance accepted = jobs.accept(id, seq, skipped, sync.dryRunOnly());
        skippedBy.forEach(metrics::usersSkipped);
        metrics.usersEnded(Outcome.UNCHANGED.wire(), unchanged);
        if (accepted.status().finished()) {
            ended.fire(new JobEnded(id));
            metrics.jobEnded(accepted.status(), java.time.Duration.ofNanos(System.nanoTime() - start));
        }
        Log.infof(
                "job %s accepted: %d users (%d skipped before sending, %d unchanged), %s",
                id, seq, accepted.skipped(), unchanged, accepted.status().wire());
        queued.fire(new JobQueued(id));
        return new Accepted(id, accepted.status(), seq, allWarnings);
    }

    /** The config's warnings plus those its users gave (created_at in milliseconds), stored with the job. */
    private List<String> withDataWarnings(
            String id, List<String> warnings, UserMapper mapper, SyncConfig sync, String field) {
        if (mapper.millisCreatedAt() == 0) {
            return warnings;
        }
        List<String> all = new ArrayList<>(warnings);
        all.add(CreatedAt.millisWarning(field, sync, mapper.millisCreatedAt(), mapper.exampleMillis()));
        jobs.setWarnings(id, all);
        return all;
    }
}
