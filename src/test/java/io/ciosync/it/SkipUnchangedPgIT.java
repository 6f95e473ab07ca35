package io.ciosync.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.ciosync.CustomerIoStandIn.RecordedRequest;
import io.restassured.path.json.JsonPath;

/**
 * {@code "skipUnchanged": true} on PostgreSQL, whose fingerprint lookup ({@code user_id = ANY(?)}) and upsert of what
 * was sent differ from H2's: only new and changed users are sent again.
 */
class SkipUnchangedPgIT extends PgCase {

    private static final Path LOGS = Path.of("target/it-logs/skip-unchanged-pg");

    @Test
    void aSecondSyncOfTheSameUsersSendsOnlyTheNewAndChangedOnes() throws Exception {
        try (App app = App.create("a", customerIo.baseUrl(), LOGS)
                .env("CIO_SYNC_DB_URL", pg.url())
                .start()) {
            Map<String, Object> first = job(ItJobs.job("k", 3000, 25));
            assertThat(ItJobs.awaitFinished(app, ItJobs.submit(app, first), Duration.ofMinutes(2))
                            .getInt("counts.synced"))
                    .isEqualTo(3000);
            int sentBefore = customerIo.requestCount();
            List<Map<String, Object>> users = new ArrayList<>(users(first));
            users.set(10, Map.of("uid", "k10", "name", "Changed", "plan", "pro"));
            users.set(2999, Map.of("uid", "k2999", "name", "User 2999", "plan", "pro")); // was free
            users.add(Map.of("uid", "k3000", "name", "New", "plan", "free"));

            JsonPath second = ItJobs.awaitFinished(
                    app,
                    ItJobs.submit(app, Map.of("config", first.get("config"), "data", users)),
                    Duration.ofMinutes(2));

            assertThat(second.getString("status")).isEqualTo("succeeded");
            assertThat(second.getInt("counts.unchanged")).isEqualTo(2998);
            assertThat(second.getInt("counts.synced")).isEqualTo(3);
            assertThat(customerIo.requests().subList(sentBefore, customerIo.requestCount()))
                    .extracting(RecordedRequest::identifier)
                    .containsExactlyInAnyOrder("k10", "k2999", "k3000");
            assertThat(customerIo.person("k10")).contains(Map.of("name", "Changed", "plan", "pro"));
            assertThat(pg.count("SELECT COUNT(*) FROM person_fingerprint")).isEqualTo(3001);
        }
    }

    /** The generated job, one by one (v1: a request names its user) and remembering what was sent. */
    private static Map<String, Object> job(Map<String, Object> generated) {
        Map<String, Object> config = new HashMap<>(castMap(generated.get("config")));
        config.put("api", "v1");
        config.put("skipUnchanged", true);
        return Map.of("config", config, "data", generated.get("data"));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> users(Map<String, Object> job) {
        return (List<Map<String, Object>>) job.get("data");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return (Map<String, Object>) value;
    }
}
