package io.ciosync.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The completion notices, kept on their jobs' rows ({@code sync_job.notify_*}, see V9__notify.sql) apart from the
 * transactions that end jobs: a job that has ended is looked at once (does its stored config name a
 * {@code notify.url}?), a due notice is claimed for one attempt under a lease ({@link Leases}) by one replica, and
 * its answer is recorded only while that replica still holds the lease. Works the same on H2 and PostgreSQL.
 */
@ApplicationScoped
public class NoticeStore {

    /** A notice claimed for one attempt: the job, where it goes (as configured), and the attempt's number (1…). */
    public record Claim(String jobId, String url, int attempt) {}

    /** Notices as leased work: due (and not yet given up) until claimed; a claim counts the attempt. */
    static final LeaseKind<Claim> NOTICES = new LeaseKind<>(
            "sync_job",
            "id = ?",
            "id, notify_url, notify_attempts",
            "notify_state = 'due' AND notify_owner IS NULL AND notify_next_at <= ? AND notify_attempts < ?",
            "notify_next_at",
            "notify_owner",
            "notify_lease_until",
            "notify_attempts = notify_attempts + 1",
            "notify_state = 'due'",
            "",
            rs -> new Claim(rs.getString(1), rs.getString(2), rs.getInt(3) + 1),
            (ps, i, claim) -> ps.setString(i, claim.jobId()));

    private static final String ENDED = "'"
            + String.join(
                    "', '",
                    Arrays.stream(JobStatus.values())
                            .filter(JobStatus::finished)
                            .map(JobStatus::wire)
                            .toList())
            + "'";

    private final Database db;
    private final Leases leases;
    private final Clock clock;
    private final ObjectMapper json;

    NoticeStore(Database db, Leases leases, Clock clock, ObjectMapper json) {
        this.db = db;
        this.leases = leases;
        this.clock = clock;
        this.json = json;
    }

    /** The {@code notify.url} of a job config as stored (or shown), null when it asks for no notice. */
    static String url(JsonNode config) {
        JsonNode url = config == null ? null : config.path("notify").path("url");
        return url != null && url.isTextual() ? url.textValue() : null;
    }

    /** A job's notice as clients see it; empty when its config asks for none. */
    public Optional<NoticeStatus> status(String jobId, JsonNode config) {
        String url = url(config);
        if (url == null) {
            return Optional.empty();
        }
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT notify_state, notify_attempts, notify_error " + "FROM sync_job WHERE id = ?")) {
                ps.setString(1, jobId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<NoticeStatus>empty();
                    }
                    String state = rs.getString(1);
                    return Optional.of(new NoticeStatus(
                            url,
                            NoticeStatus.SENT.equals(state) || NoticeStatus.GAVE_UP.equals(state)
                                    ? state
                                    : NoticeStatus.PENDING,
                            rs.getInt(2),
                            rs.getString(3)));
                }
            }
        });
    }

    /**
     * Looks at up to {@code limit} jobs that have ended since: a notice becomes due for each whose config names a
     * URL, the others are marked {@code none}. A job waits while a chunk of it is still being delivered (a cancelled
     * or failed job's chunks in flight still record what they sent), so the notice carries its final counts.
     *
     * @return the number of notices that became due
     */
    /** An ended job whose notice state is not decided yet, and where its notice goes (none: null). */
    private record Ended(String jobId, String url) {}

    public int markEnded(int limit) {
        return db.inTransaction(c -> {
            List<Ended> ended = Sql.query(
                    c,
                    "SELECT id, config FROM sync_job j WHERE notify_state IS NULL "
                            + "AND status IN (" + ENDED
                            + ") AND NOT EXISTS (SELECT 1 FROM job_chunk k WHERE k.job_id = j.id "
                            + "AND k.state = 'leased') ORDER BY finished_at LIMIT ?"
                            + db.vendor().lockSkippingLocked(),
                    rs -> new Ended(rs.getString(1), storedUrl(rs.getString(2))),
                    limit);
            int due = 0;
            try (PreparedStatement ps = c.prepareStatement("UPDATE sync_job SET notify_state = ?, notify_url = ?, "
                    + "notify_next_at = ? WHERE id = ? AND notify_state IS NULL")) {
                for (Ended job : ended) {
                    due += job.url() == null ? 0 : 1;
                    ps.setString(1, job.url() == null ? "none" : "due");
                    ps.setString(2, job.url());
                    ps.setObject(3, job.url() == null ? null : now());
                    ps.setString(4, job.jobId());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return due;
        });
    }

    /** Claims up to {@code limit} due notices whose time has come (and whose attempts are not used up). */
    public List<Claim> claim(String owner, int limit, Duration lease, int maxAttempts) {
        return db.inTransaction(c -> leases.claim(c, NOTICES, owner, lease, limit, now(), maxAttempts));
    }

    /** Extends the leases of the notices {@code owner} is sending now, and of no other. */
    public void renew(String owner, List<Claim> held, Duration lease) {
        leases.renew(NOTICES, owner, held, lease);
    }

    /**
     * Hands back the notices whose lease ran out (the replica of the attempt stopped, or lost the database), and
     * gives up those whose last attempt it was.
     *
     * @return how many were given up
     */
    public int reclaimExpired(int maxAttempts) {
        leases.reclaimExpired(NOTICES);
        return db.inTransaction(c -> Sql.update(
                c,
                "UPDATE sync_job SET notify_state = 'gave_up', notify_next_at = NULL, "
                        + "notify_error = COALESCE(notify_error, 'the last attempt never reported back') "
                        + "WHERE notify_state = 'due' AND notify_owner IS NULL AND notify_attempts >= ?",
                maxAttempts));
    }

    /** A 2xx answer: the notice is done. False when the attempt is no longer {@code owner}'s to record. */
    public boolean sent(Claim claim, String owner) {
        return record(claim, owner, "sent", null, null);
    }

    /** A failed attempt, tried again at {@code next}. */
    public boolean retryAt(Claim claim, String owner, OffsetDateTime next, String error) {
        return record(claim, owner, "due", next, error);
    }

    /** A failed last attempt, or a URL the server no longer allows: the notice is not sent again. */
    public boolean giveUp(Claim claim, String owner, String error) {
        return record(claim, owner, "gave_up", null, error);
    }

    /** Records an attempt's answer and ends its lease, if {@code owner} still holds it. */
    private boolean record(Claim claim, String owner, String state, OffsetDateTime next, String error) {
        return db.inTransaction(c -> Sql.update(
                        c,
                        "UPDATE sync_job SET notify_state = ?, notify_next_at = ?, "
                                + "notify_error = ?, " + NOTICES.clear() + " WHERE id = ? AND notify_owner = ? "
                                + "AND notify_state = 'due' AND notify_attempts = ?",
                        state,
                        next,
                        Sql.text(error),
                        claim.jobId(),
                        owner,
                        claim.attempt())
                > 0);
    }

    private String storedUrl(String configJson) {
        try {
            return url(json.readTree(configJson));
        } catch (JsonProcessingException e) {
            return null; // every stored config was written from a validated SyncConfig
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
