package io.ciosync.it;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.ciosync.Jobs;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Talking to an {@link App} over HTTP, as a client would. */
final class ItJobs {

    private ItJobs() {}

    /** {@code n} users {@code prefix0…} with a name and a plan; the config maps both. */
    static Map<String, Object> job(String prefix, int n, int parallelism) {
        Map<String, Object> config = new LinkedHashMap<>(Jobs.config(parallelism));
        config.put("mappings", List.of(Map.of("from", "name", "to", "name"), Map.of("from", "plan", "to", "plan")));
        List<Map<String, Object>> users = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            users.add(Map.of("uid", prefix + i, "name", "User " + i, "plan", i % 2 == 0 ? "pro" : "free"));
        }
        return Map.of("config", config, "data", users);
    }

    static String submit(App app, Object body) {
        return given().baseUri(app.url())
                .auth()
                .oauth2(App.TOKEN)
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/syncs")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
    }

    static JsonPath status(App app, String id) {
        return given().baseUri(app.url())
                .auth()
                .oauth2(App.TOKEN)
                .get("/syncs/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    static JsonPath await(App app, String id, Duration atMost, Predicate<JsonPath> condition) {
        return org.awaitility.Awaitility.await()
                .atMost(atMost)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> status(app, id), condition::test);
    }

    static JsonPath awaitFinished(App app, String id, Duration atMost) {
        return await(app, id, atMost, doc -> Jobs.FINISHED.contains(doc.getString("status")));
    }
}
