package io.ciosync.notify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ciosync.job.Database;
import io.ciosync.job.JobStatus;

/**
 * The completion notices, kept on their jobs' rows ({@code sync_job.notify_*}, see V9__notify.sql) apart from the
 * transactions that end jobs: a job that has ended is looked at once (does its stored config name a
 * {@code notify.url}?), a due notice is claimed under a lease ({@code FOR UPDATE SKIP LOCKED}) by one replica, and
 * its answer is recorded only by the replica whose attempt it was. Works the same on H2 and PostgreSQL.
 */
@ApplicationScoped
public class NoticeStore {

    /** A notice claimed for one attempt: the job, where it goes (as configured), and the attempt's number (1…). */
    record Claim(String jobId, String url, int attempt) {
    }

    static final int MAX_ERROR_CHARS = 2000;
    private static final String ENDED = "'" + String.join("', '", Arrays.stream(JobStatus.values())
            .filter(JobStatus::finished).map(JobStatus::wire).toList()) + "'";

    private final Database db;
    private final Clock clock;
    private final ObjectMapper json;

    NoticeStore(Database db, Clock clock, ObjectMapper json) {
        this.db = db;
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
            try (PreparedStatement ps = c.prepareStatement("SELECT notify_state, notify_attempts, notify_error "
                    + "FROM sync_job WHERE id = ?")) {
                ps.setString(1, jobId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<NoticeStatus>empty();
                    }
                    String state = rs.getString(1);
                    return Optional.of(new NoticeStatus(url, NoticeStatus.SENT.equals(state)
                            || NoticeStatus.GAVE_UP.equals(state) ? state : NoticeStatus.PENDING, rs.getInt(2),
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
    int markEnded(int limit) {
        return db.inTransaction(c -> {
            List<String[]> ended = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, config FROM sync_job j "
                    + "WHERE notify_state IS NULL AND status IN (" + ENDED + ") AND NOT EXISTS (SELECT 1 FROM "
                    + "job_chunk k WHERE k.job_id = j.id AND k.state = 'leased') "
                    + "ORDER BY finished_at LIMIT ? FOR UPDATE SKIP LOCKED")) {
                ps.setInt(1, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ended.add(new String[] { rs.getString(1), storedUrl(rs.getString(2)) });
                    }
                }
            }
            int due = 0;
            try (PreparedStatement ps = c.prepareStatement("UPDATE sync_job SET notify_state = ?, notify_url = ?, "
                    + "notify_next_at = ? WHERE id = ? AND notify_state IS NULL")) {
                for (String[] job : ended) {
                    due += job[1] == null ? 0 : 1;
                    ps.setString(1, job[1] == null ? "none" : "due");
                    ps.setString(2, job[1]);
                    ps.setObject(3, job[1] == null ? null : now());
                    ps.setString(4, job[0]);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return due;
        });
    }

    /** Claims up to {@code limit} due notices whose time has come (and whose attempts are not used up). */
    List<Claim> claim(int limit, Duration lease, int maxAttempts) {
        return db.inTransaction(c -> {
            List<Claim> claims = new ArrayList<>();
            OffsetDateTime now = now();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, notify_url, notify_attempts FROM sync_job "
                    + "WHERE notify_state = 'due' AND notify_next_at <= ? AND notify_attempts < ? "
                    + "ORDER BY notify_next_at LIMIT ? FOR UPDATE SKIP LOCKED")) {
                ps.setObject(1, now);
                ps.setInt(2, maxAttempts);
                ps.setInt(3, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        claims.add(new Claim(rs.getString(1), rs.getString(2), rs.getInt(3) + 1));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE sync_job SET notify_attempts = ?, "
                    + "notify_next_at = ? WHERE id = ?")) {
                for (Claim claim : claims) {
                    ps.setInt(1, claim.attempt());
                    ps.setObject(2, now.plus(lease));
                    ps.setString(3, claim.jobId());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return claims;
        });
    }

    /**
     * Gives up the notices whose last attempt never reported back (its replica stopped) once their lease has run out.
     *
     * @return how many were given up
     */
    int giveUpAbandoned(int maxAttempts) {
        return db.inTransaction(c -> update(c, "UPDATE sync_job SET notify_state = 'gave_up', notify_next_at = NULL, "
                + "notify_error = COALESCE(notify_error, 'the last attempt never reported back') "
                + "WHERE notify_state = 'due' AND notify_attempts >= ? AND notify_next_at <= ?", maxAttempts, now()));
    }

    /** A 2xx answer: the notice is done. False when the attempt is no longer this replica's to record. */
    boolean sent(Claim claim) {
        return record(claim, "sent", null, null);
    }

    /** A failed attempt, tried again at {@code next}. */
    boolean retryAt(Claim claim, OffsetDateTime next, String error) {
        return record(claim, "due", next, error);
    }

    /** A failed last attempt, or a URL the server no longer allows: the notice is not sent again. */
    boolean giveUp(Claim claim, String error) {
        return record(claim, "gave_up", null, error);
    }

    private boolean record(Claim claim, String state, OffsetDateTime next, String error) {
        return db.inTransaction(c -> update(c, "UPDATE sync_job SET notify_state = ?, notify_next_at = ?, "
                + "notify_error = ? WHERE id = ? AND notify_state = 'due' AND notify_attempts = ?", state, next,
                truncate(error), claim.jobId(), claim.attempt()) > 0);
    }

    private String storedUrl(String configJson) {
        try {
            return url(json.readTree(configJson));
        } catch (JsonProcessingException e) {
            return null; // every stored config was written from a validated SyncConfig
        }
    }

    private static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        }
    }

    private static String truncate(String s) {
        return s == null || s.length() <= MAX_ERROR_CHARS ? s : s.substring(0, MAX_ERROR_CHARS - 1) + "…";
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
