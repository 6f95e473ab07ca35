package io.ciosync.ingest;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.ciosync.InvalidRequestException;
import io.ciosync.mapping.SyncConfig;
import io.ciosync.secrets.ApiKeyCipher;
import io.ciosync.store.ChunkConfig;
import io.ciosync.store.ChunkWriter;
import io.ciosync.store.JobQueued;
import io.ciosync.store.JobRecord;
import io.ciosync.store.JobStatus;
import io.ciosync.store.JobStore;
import io.ciosync.store.Outcome;
import io.ciosync.store.UserOutcomes;

/**
 * {@code POST /syncs/{id}/retry}: a new job, linked to the original ({@code retry_of}), over the original's failed
 * users only, with its config and API key (re-encrypted for the new job) and the payloads they were mapped to.
 */
@ApplicationScoped
public class Retries {

    /** The retry job as accepted. */
    public record Created(String id, JobStatus status, int total) {}

    private final JobStore jobs;
    private final ApiKeyCipher cipher;
    private final int chunkSize;
    private final int batchChunkSize;
    private final ObjectMapper json;
    private final UserOutcomes outcomes;
    private final Event<JobQueued> queued;

    Retries(
            JobStore jobs,
            ApiKeyCipher cipher,
            ChunkConfig chunks,
            ObjectMapper json,
            UserOutcomes outcomes,
            Event<JobQueued> queued) {
        this.queued = queued;
        this.outcomes = outcomes;
        this.jobs = jobs;
        this.cipher = cipher;
        this.chunkSize = chunks.chunkSize();
        this.batchChunkSize = chunks.batchChunkSize();
        this.json = json;
    }

    public Created retry(JobRecord original) {
        if (!original.status().finished()) {
            throw new InvalidRequestException(
                    409,
                    List.of(new InvalidRequestException.Violation(
                            "id",
                            "the job is " + original.status().wire()
                                    + "; its failed users can be retried once it has ended")));
        }
        if (original.failed() == 0) {
            throw new InvalidRequestException(
                    409, List.of(new InvalidRequestException.Violation("id", "the job has no failed users to retry")));
        }
        JobStore.StoredConfig stored = jobs.deliveryConfig(original.id()).orElseThrow();
        boolean batch =
                SyncConfig.stored(json, original.id(), stored.configJson()).batch();
        String id = JobStore.newJobId();
        jobs.createIngesting(
                id,
                original.tenant(),
                stored.configJson(),
                cipher.encrypt(id, cipher.decrypt(original.id(), stored.apiKeyEncrypted())),
                List.of());
        try {
            jobs.linkRetry(id, original.id());
            int total = copyFailed(original.id(), id, batch ? batchChunkSize : chunkSize);
            JobStore.Acceptance accepted = jobs.accept(id, total, 0, false);
            queued.fire(new JobQueued(id));
            return new Created(id, accepted.status(), total);
        } catch (RuntimeException e) {
            jobs.abandon(id, "the failed users could not be copied: " + e.getMessage());
            throw e;
        }
    }

    /** Copies the failed users, with their payloads and fingerprints, as the new job's users. */
    private int copyFailed(String from, String to, int chunkSize) {
        int[] copied = new int[1];
        try (ChunkWriter writer = jobs.openWriter(to, chunkSize, () -> {})) {
            outcomes.forEach(from, -1, u -> {
                if (u.outcome().outcome() == Outcome.FAILED) {
                    writer.add(
                            u.stored().userId(),
                            u.stored().payload(),
                            Outcome.PENDING,
                            null,
                            u.stored().fingerprint());
                    copied[0]++;
                }
                return true;
            });
            writer.flush();
            writer.release();
        }
        return copied[0];
    }
}
