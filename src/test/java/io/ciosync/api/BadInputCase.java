package io.ciosync.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.sql.ResultSet;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import io.ciosync.Jobs;
import io.ciosync.store.Database;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * What every case of the bad-input corpus shows: the answer is a 4xx {@code application/problem+json} naming the
 * fields at fault and no job row or user row is left behind — or, where only some users are bad, one whole job
 * whose bad users are {@code skipped} with the reason — and afterwards a normal job still succeeds.
 */
abstract class BadInputCase {

    /** Rows of sync_job, users stored (in job_chunk) and chunks of users (job_chunk_users). */
    record Rows(int jobs, int users, int userChunks) {}

    @Inject
    Database db;

    private Rows before;

    @BeforeEach
    void countRows() {
        before = rows();
    }

    @AfterEach
    void aNormalJobStillSucceeds() {
        String id = Jobs.submit(Map.of("config", Jobs.config(5), "data", Jobs.users("after-bad-input", 2)));
        assertThat(Jobs.awaitFinished(id).getString("status")).isEqualTo("succeeded");
    }

    /** A refusal: {@code status} problem+json whose errors name exactly {@code fields}; no row added. */
    JsonPath refused(Response response, int status, String... fields) {
        JsonPath problem = response.then()
                .statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .extract()
                .jsonPath();
        List<String> named = problem.getList("errors.field", String.class);
        assertThat(named == null ? List.of() : named).containsExactlyInAnyOrder(fields);
        if (named != null) {
            assertThat(problem.getList("errors.message", String.class))
                    .allSatisfy(m -> assertThat(m).isNotBlank());
        }
        assertThat(rows()).as("no job or user rows left behind").isEqualTo(before);
        return problem;
    }

    /** One accepted job of {@code users} rows, nothing else added; returns its id. */
    String acceptedWhole(Response response, int users) {
        String id = response.then().statusCode(202).extract().path("id");
        Rows after = rows();
        assertThat(List.of(after.jobs(), after.users())).isEqualTo(List.of(before.jobs() + 1, before.users() + users));
        assertThat(after.userChunks()).isGreaterThan(before.userChunks());
        return id;
    }

    /** The rows counted before this case ran. */
    Rows rowsAtStart() {
        return before;
    }

    Rows rows() {
        int[] counts = Arrays.stream(new String[] {
                    "SELECT COUNT(*) FROM sync_job",
                    "SELECT COALESCE(SUM(last_seq - first_seq + 1), 0) FROM job_chunk",
                    "SELECT COUNT(*) FROM job_chunk_users"
                })
                .mapToInt(sql -> db.read(c -> {
                    try (ResultSet rs = c.createStatement().executeQuery(sql)) {
                        rs.next();
                        return rs.getInt(1);
                    }
                }))
                .toArray();
        return new Rows(counts[0], counts[1], counts[2]);
    }
}
