package io.ciosync.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

/** A tenant's visible jobs, newest first, in keyset pages (for {@code GET /syncs}). */
@ApplicationScoped
public class JobPages {

    private final Database db;

    JobPages(Database db) {
        this.db = db;
    }

    /**
     * A page of a tenant's visible jobs, newest first, optionally of one status; the keyset cursor is the
     * {@code createdAt} and {@code id} of the last job of the previous page (null for the first page).
     */
    public List<JobRecord> list(
            String tenant, JobStatus status, OffsetDateTime afterCreated, String afterId, int limit) {
        return db.read(c -> {
            String sql = "SELECT " + JobStore.JOB_COLUMNS + " FROM sync_job WHERE tenant = ? "
                    + "AND status <> 'ingesting' "
                    + (status == null ? "" : "AND status = ? ")
                    + (afterCreated == null ? "" : "AND (created_at < ? OR (created_at = ? AND id < ?)) ")
                    + "ORDER BY created_at DESC, id DESC LIMIT ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setString(i++, tenant);
                if (status != null) {
                    ps.setString(i++, status.wire());
                }
                if (afterCreated != null) {
                    ps.setObject(i++, afterCreated);
                    ps.setObject(i++, afterCreated);
                    ps.setString(i++, afterId);
                }
                ps.setInt(i, limit);
                List<JobRecord> page = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        page.add(JobStore.job(rs));
                    }
                }
                return page;
            }
        });
    }
}
