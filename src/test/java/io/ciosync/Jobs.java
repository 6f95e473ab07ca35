package io.ciosync;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Test helpers around the sync API: the original example files, submitting, and waiting for a job's end. Every
 * REST Assured request of a {@code @QuarkusTest} authenticates as tenant {@code team-a} ({@link #TOKEN_A}, set by
 * {@link AuthenticateAsTeamA}); use {@code given().auth().oauth2(Jobs.TOKEN_B)} or {@code given().auth().none()}
 * to be someone else.
 */
public final class Jobs {

    /** The API token of tenant {@code team-a} (application.properties, %test). */
    public static final String TOKEN_A = "test-token-team-a-0123456789";
    /** The API token of tenant {@code team-b}. */
    public static final String TOKEN_B = "test-token-team-b-0123456789";

    public static final Set<String> FINISHED = Set.of("succeeded", "completed_with_errors", "failed", "cancelled");

    public static final String ORIGINAL_CONFIG = """
            { "site-id": "your_site_id", "api-key": "your_api_key", "userId": "user_id_field_name",
              "parallelism": 25,
              "mappings": [ {"from": "computed_ltv", "to": "ltv"}, {"from": "name", "to": "name"} ] }
            """;

    public static final String ORIGINAL_DATA = """
            [{"user_id_field_name": "123", "name": "John Doe", "revenue": 100},
            {"user_id_field_name": "456", "name": "Jane Smith", "revenue": 150}]
            """;

    private Jobs() {}

    /** A config in the original format with the given parallelism and a name mapping. */
    public static Map<String, Object> config(int parallelism) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("site-id", "site");
        config.put("api-key", "key");
        config.put("userId", "uid");
        config.put("parallelism", parallelism);
        config.put("mappings", List.of(Map.of("from", "name", "to", "name")));
        return config;
    }

    /** {@link #config} sending one identify per user ({@code "api": "v1"}). */
    public static Map<String, Object> v1Config(int parallelism) {
        Map<String, Object> config = config(parallelism);
        config.put("api", "v1");
        return config;
    }

    /** Users {@code prefix0 … prefix(n-1)} with a name each. */
    public static List<Map<String, Object>> users(String prefix, int n) {
        List<Map<String, Object>> users = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            users.add(Map.of("uid", prefix + i, "name", "User " + i));
        }
        return users;
    }

    /** Posts a JSON submission, expects 202, returns the job id. */
    public static String submit(Object body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/syncs")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
    }

    /** Every user's outcome of a job, in input order: {@code userId, outcome, httpStatus, attempts, error}. */
    public static List<Map<String, Object>> outcomes(String id) {
        return given().queryParam("limit", 1000)
                .get("/syncs/" + id + "/users")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items");
    }

    /** Polls the job until it reaches a final status; returns its status document. */
    public static JsonPath awaitFinished(String id) {
        return awaitFinished(id, Duration.ofSeconds(60));
    }

    public static JsonPath awaitFinished(String id, Duration atMost) {
        return await().atMost(atMost)
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> given().get("/syncs/" + id)
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath(),
                        doc -> FINISHED.contains(doc.getString("status")));
    }
}
