package io.ciosync.store;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.ciosync.CustomerIoStandInResource;
import io.ciosync.Jobs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Finished jobs older than the retention period are purged with their users; newer and running ones stay. */
@QuarkusTest
@WithTestResource(CustomerIoStandInResource.class)
class RetentionTest {

    @Inject
    Housekeeping housekeeping;

    @Inject
    Database db;

    @Test
    void purgesOnlyFinishedJobsPastTheRetentionPeriod() {
        String old = Jobs.submit(Map.of("config", Jobs.config(5), "data", Jobs.users("old", 3)));
        String recent = Jobs.submit(Map.of("config", Jobs.config(5), "data", Jobs.users("new", 3)));
        Jobs.awaitFinished(old);
        Jobs.awaitFinished(recent);
        age(old, 31);
        age(recent, 29);

        int purged = housekeeping.purgeExpired();

        assertThat(purged).isGreaterThanOrEqualTo(1);
        given().get("/syncs/" + old).then().statusCode(404);
        given().get("/syncs/" + recent).then().statusCode(200);
        assertThat(count("SELECT COUNT(*) FROM job_chunk WHERE job_id = ?", old))
                .isZero();
        assertThat(count("SELECT COUNT(*) FROM job_chunk_users WHERE job_id = ?", old))
                .isZero();
        assertThat(count("SELECT COUNT(*) FROM job_chunk_users WHERE job_id = ?", recent))
                .isEqualTo(1);
        assertThat(count(USERS, recent)).isEqualTo(3);
    }

    /** Users stored for a job: every chunk holds the users of its seq range. */
    private static final String USERS =
            "SELECT COALESCE(SUM(last_seq - first_seq + 1), 0) FROM job_chunk " + "WHERE job_id = ?";

    private void age(String id, int days) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE sync_job SET finished_at = ? WHERE id = ?")) {
                ps.setObject(1, OffsetDateTime.now().minusDays(days));
                ps.setString(2, id);
                return ps.executeUpdate();
            }
        });
    }

    private int count(String sql, String id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }
}
