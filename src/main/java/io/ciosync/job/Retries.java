package io.ciosync.job;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ciosync.CioSyncConfig;
import io.ciosync.InvalidRequestException;
import io.ciosync.mapping.SyncConfig;

/**
 * {@code POST /syncs/{id}/retry}: a new job, linked to the original ({@code retry_of}), over the original's failed
 * users only, with its config and API key (re-encrypted for the new job) and the payloads they were mapped to.
 */
@ApplicationScoped
public class Retries {

    private static final int PAGE = 1000;

    /** The retry job as accepted. */
    public record Created(String id, JobStatus status, int total) {
    }

    private record FailedUser(int seq, String userId, String payload) {
    }

    private final Database db;
    private final JobStore jobs;
    private final ApiKeyCipher cipher;
    private final int chunkSize;
    private final int batchChunkSize;
    private final ObjectMapper json;

    Retries(Database db, JobStore jobs, ApiKeyCipher cipher, CioSyncConfig config, ObjectMapper json) {
        this.db = db;
        this.jobs = jobs;
        this.cipher = cipher;
        this.chunkSize = config.delivery().chunkSize();
        this.batchChunkSize = config.delivery().batchChunkSize();
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
            int total = copyFailed(original.id(), id);
            JobStore.Acceptance accepted = jobs.accept(id, total, 0, batch(stored[0]) ? batchChunkSize : chunkSize);
            return new Created(id, accepted.status(), total);
        } catch (RuntimeException e) {
            jobs.discard(id);
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
            try (PreparedStatement ps = c.prepareStatement("UPDATE sync_job SET retry_of = ? WHERE id = ?")) {
                ps.setString(1, original);
                ps.setString(2, id);
                return ps.executeUpdate();
            }
        });
    }

    private int copyFailed(String from, String to) {
        int seq = 0;
        int after = -1;
        try (UserWriter writer = jobs.openWriter(to, PAGE)) {
            List<FailedUser> page;
            do {
                page = failedUsers(from, after);
                for (FailedUser u : page) {
                    writer.add(seq++, u.userId(), u.payload(), Outcome.PENDING, null);
                    after = u.seq();
                }
            } while (page.size() == PAGE);
            writer.flush();
        }
        return seq;
    }

    private List<FailedUser> failedUsers(String jobId, int afterSeq) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, user_id, payload FROM job_user "
                    + "WHERE job_id = ? AND outcome = 'failed' AND seq > ? ORDER BY seq LIMIT ?")) {
                ps.setString(1, jobId);
                ps.setInt(2, afterSeq);
                ps.setInt(3, PAGE);
                List<FailedUser> users = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        users.add(new FailedUser(rs.getInt(1), rs.getString(2), rs.getString(3)));
                    }
                }
                return users;
            }
        });
    }
}
