package io.ciosync.schedule;

import static io.restassured.RestAssured.given;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;

import org.awaitility.Awaitility;

import io.ciosync.store.Database;
import io.restassured.path.json.JsonPath;

/** Test helpers around {@code /schedules} and the schedule tables. */
final class ScheduleFixtures {

    private ScheduleFixtures() {}

    static JsonPath get(String id) {
        return given().get("/schedules/" + id).then().statusCode(200).extract().jsonPath();
    }

    /** Deletes every schedule, so none fires into another test. */
    static void deleteAll() {
        given().get("/schedules")
                .then()
                .extract()
                .jsonPath()
                .getList("items.id", String.class)
                .forEach(id -> given().delete("/schedules/" + id));
    }

    static long runs(Database db, String id) {
        return count(db, "SELECT COUNT(*) FROM schedule_run WHERE schedule_id = ?", id);
    }

    /** A number the query (with the schedule id as its one parameter) answers. */
    static long count(Database db, String sql, String id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** The runs of a deleted schedule once those claimed before the deletion have started their jobs. */
    static long settledRuns(Database db, String id) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> count(
                                db,
                                "SELECT COUNT(*) FROM schedule_run WHERE schedule_id = ? AND outcome = 'starting'",
                                id)
                        == 0);
        return runs(db, id);
    }

    /** The schedule's row as stored, all columns joined. */
    static String storedRow(Database db, String id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM sync_schedule WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.append(rs.getString(i)).append('|');
                    }
                    return row.toString();
                }
            }
        });
    }
}
