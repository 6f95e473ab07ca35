package io.ciosync.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.ciosync.store.ChunkCodec.Run;
import io.ciosync.store.ChunkCodec.RunCursor;
import io.ciosync.store.ChunkCodec.StoredUser;

/**
 * The per-user view of a job, read chunk by chunk in input order: each user's outcome is the run delivery recorded
 * for it, or the outcome it was ingested with; a user still pending in a chunk its cancelled job never sent is
 * {@code cancelled}; a pending user of a request being retried shows its attempts so far and the last error.
 */
@ApplicationScoped
public class UserOutcomes {

    /** One dry-run user: its id and the attributes it would have been sent, as JSON (UTF-8). */
    public record Preview(String userId, byte[] payload) {}

    /** A user with its outcome and what it was stored with. */
    public record User(UserOutcome outcome, StoredUser stored) {}

    /** Receives users in input order; returns false to stop. */
    public interface Visitor {
        boolean visit(User user);
    }

    private final Database db;
    private final JobWaits waits;

    UserOutcomes(Database db, JobWaits waits) {
        this.db = db;
        this.waits = waits;
    }

    /** A page of outcomes in input order after the cursor {@code afterSeq}, optionally of one outcome only. */
    public List<UserOutcome> outcomes(String jobId, Outcome filter, int afterSeq, int limit) {
        List<UserOutcome> page = new ArrayList<>();
        forEach(jobId, afterSeq, u -> {
            if (filter == null || u.outcome().outcome() == filter) {
                page.add(u.outcome());
            }
            return page.size() < limit;
        });
        return page;
    }

    /** The first {@code limit} users of a dry run, with the attributes they would have been sent. */
    public List<Preview> previews(String jobId, int limit) {
        List<Preview> previews = new ArrayList<>();
        forEach(jobId, -1, u -> {
            if (u.outcome().outcome() == Outcome.WOULD_SYNC) {
                previews.add(new Preview(u.stored().userId(), u.stored().payload()));
            }
            return previews.size() < limit;
        });
        return previews;
    }

    /** Visits the users after {@code afterSeq}, one chunk in memory at a time. */
    public void forEach(String jobId, int afterSeq, Visitor visitor) {
        String status = db.strings("SELECT status FROM sync_job WHERE id = ?", jobId).stream()
                .findFirst()
                .orElse(null);
        boolean cancelled = "cancelled".equals(status);
        List<JobWaits.Retrying> retrying = "running".equals(status) ? waits.retrying(jobId) : List.of();
        for (String chunkNo : db.strings(
                "SELECT chunk_no FROM job_chunk WHERE job_id = ? AND last_seq > ? " + "ORDER BY chunk_no",
                jobId,
                afterSeq)) {
            if (!visitChunk(jobId, Integer.parseInt(chunkNo), afterSeq, cancelled, retrying, visitor)) {
                return;
            }
        }
    }

    private boolean visitChunk(
            String jobId,
            int chunkNo,
            int afterSeq,
            boolean jobCancelled,
            List<JobWaits.Retrying> retrying,
            Visitor visitor) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT k.first_seq, k.state, u.users, k.outcomes FROM "
                    + ChunkCodec.CHUNK_WITH_USERS + " WHERE k.job_id = ? AND k.chunk_no = ?")) {
                ps.setString(1, jobId);
                ps.setInt(2, chunkNo);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return true; // purged meanwhile
                    }
                    int first = rs.getInt(1);
                    boolean unsent = jobCancelled && "cancelled".equals(rs.getString(2));
                    RunCursor runs = new RunCursor(ChunkCodec.runs(rs.getBytes(4)));
                    boolean[] more = {true};
                    ChunkCodec.users(
                            rs.getBytes(3),
                            Math.max(0, afterSeq + 1 - first),
                            (i, user) -> more[0] = visitor.visit(
                                    new User(retried(outcome(first + i, user, runs, unsent), retrying), user)));
                    return more[0];
                }
            }
        });
    }

    /** A pending user of a request being retried: its attempts so far and the last error. */
    private static UserOutcome retried(UserOutcome user, List<JobWaits.Retrying> retrying) {
        if (user.outcome() != Outcome.PENDING || retrying.isEmpty()) {
            return user;
        }
        for (JobWaits.Retrying r : retrying) {
            if (user.seq() >= r.firstSeq() && user.seq() <= r.lastSeq()) {
                return new UserOutcome(user.seq(), user.userId(), Outcome.PENDING, null, r.attempts(), r.error());
            }
        }
        return user;
    }

    static UserOutcome outcome(int seq, StoredUser user, RunCursor runs, boolean unsent) {
        Run r = runs.at(seq);
        if (r != null) {
            return new UserOutcome(seq, user.userId(), r.outcome(), r.httpStatus(), r.attempts(), r.error());
        }
        Outcome outcome = user.outcome() == Outcome.PENDING && unsent ? Outcome.CANCELLED : user.outcome();
        return new UserOutcome(seq, user.userId(), outcome, null, 0, user.error());
    }
}
