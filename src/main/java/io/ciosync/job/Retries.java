package io.ciosync.job;

import java.sql.PreparedStatement;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ciosync.InvalidRequestException;
import io.ciosync.mapping.SyncConfig;

/**
 * {@code POST /syncs/{id}/retry}: a new job, linked to the original ({@code retry_of}), over the original's failed
 * users only, with its config and API key (re-encrypted for the new job) and the payloads they were mapped to.
 */
@ApplicationScoped
public class Retries {

    /** The retry job as accepted. */
    public record Created(String id, JobStatus status, int total) {
    }

    private final Database db;
    private final JobStore jobs;
    private final ApiKeyCipher cipher;
    private final int chunkSize;
    private final int batchChunkSize;
    private final ObjectMapper json;
    private final UserOutcomes outcomes;

    Retries(Database db, JobStore jobs, ApiKeyCipher cipher, ChunkConfig chunks, ObjectMapper json,
            UserOutcomes outcomes) {
        this.outcomes = outcomes;
        this.db = db;
        this.jobs = jobs;
        this.cipher = cipher;
        this.chunkSize = chunks.chunkSize();
        this.batchChunkSize = chunks.batchChunkSize();
        this.json = json;
    }

    public Created retry(JobRecord original) {
        if (!original.status().finished()) {
            throw new InvalidRequestException(409, List.of(new InvalidRequestException.Violation("id",
                    "the job is " + original.status().wire() + "; its failed users can be retried once it has ended")));
        }
        if (original.failed() == 0) {
            throw new InvalidRequestException(409, List.of(new InvalidRequestException.Violation("id",
                    "the job has no failed users to retry")));
        }
        String[] stored = jobs.deliveryConfig(original.id()).orElseThrow();
        String id = JobStore.newJobId();
        jobs.createIngesting(id, original.tenant(), stored[0],
                cipher.encrypt(id, cipher.decrypt(original.id(), stored[1])), List.of());
        try {
            link(id, original.id());
            int total = copyFailed(original.id(), id, batch(stored[0]) ? batchChunkSize : chunkSize);
            JobStore.Acceptance accepted = jobs.accept(id, total, 0, false);
            return new Created(id, accepted.status(), total);
        } catch (RuntimeException e) {
            jobs.abandon(id, "the failed users could not be copied: " + e.getMessage());
            throw e;
        }
    }

    /** Whether the stored config sends v2 batches (the default) rather than v1 identifies: its chunk size. */
    private boolean batch(String configJson) {
        try {
            return json.readValue(configJson, SyncConfig.class).batch();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stored config cannot be read", e);
        }
    }

    private void link(String id, String original) {
        db.inTransaction(c -> {
            // the retry records fingerprints under the original's scope, if it did
            try (PreparedStatement ps = c.prepareStatement("UPDATE sync_job SET retry_of = ?, fingerprint_scope = "
                    + "(SELECT o.fingerprint_scope FROM sync_job o WHERE o.id = ?) WHERE id = ?")) {
                ps.setString(1, original);
                ps.setString(2, original);
                ps.setString(3, id);
                return ps.executeUpdate();
            }
        });
    }

    /** Copies the failed users, with their payloads and fingerprints, as the new job's users. */
    private int copyFailed(String from, String to, int chunkSize) {
        int[] copied = new int[1];
        try (ChunkWriter writer = jobs.openWriter(to, chunkSize, () -> { })) {
            outcomes.forEach(from, -1, u -> {
                if (u.outcome().outcome() == Outcome.FAILED) {
                    writer.add(u.stored().userId(), u.stored().payload(), Outcome.PENDING, null, u.stored().fingerprint());
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
