package io.ciosync.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * A POST on PostgreSQL whose database connections are cut while the job is being stored (a TCP proxy of the test's
 * own in front of the shared server, which is never stopped): 503 with Retry-After, nothing of the job left once
 * the database answers again, and the same job posted again is accepted and delivered whole.
 */
class PgConnectionLossIT extends PgCase {

    private static final java.nio.file.Path LOGS = java.nio.file.Path.of("target/it-logs/pg-loss");
    private static final int USERS = 40_000;

    @Test
    void aPostThatLosesItsConnectionGets503WithRetryAfterAndLeavesNoHalfJob() throws Exception {
        URI direct = URI.create(pg.url().substring("jdbc:".length()));
        try (CuttingProxy proxy = CuttingProxy.to(direct.getHost(), direct.getPort());
                App app = App.create("pg-loss", customerIo.baseUrl(), LOGS)
                        .env(
                                "CIO_SYNC_DB_URL",
                                pg.url()
                                        .replace(
                                                direct.getHost() + ":" + direct.getPort(), "127.0.0.1:" + proxy.port()))
                        .start()) {
            Map<String, Object> job = ItJobs.job("c", USERS, 25);
            proxy.cutAt("INSERT INTO job_chunk_users", 3); // two of its 8 chunks stored, then every connection drops

            Response refused = given().baseUri(app.url())
                    .auth()
                    .oauth2(App.TOKEN)
                    .contentType(ContentType.JSON)
                    .body(job)
                    .post("/syncs");

            System.out.println("[PgConnectionLossIT] " + refused.statusLine() + " Retry-After: "
                    + refused.header("Retry-After") + " " + refused.asString());
            assertThat(proxy.hasCut())
                    .as("the connections were cut during the POST")
                    .isTrue();
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isEqualTo("10");
            assertThat(refused.contentType()).startsWith("application/problem+json");

            proxy.letThrough();

            await("no half job")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> pg.count("SELECT COUNT(*) FROM sync_job")
                                    + pg.count("SELECT COUNT(*) FROM job_chunk")
                                    + pg.count("SELECT COUNT(*) FROM job_chunk_users")
                            == 0);
            assertThat(given().baseUri(app.url())
                            .auth()
                            .oauth2(App.TOKEN)
                            .get("/syncs")
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath()
                            .getList("items"))
                    .isEmpty();

            String id = ItJobs.submit(app, job); // as the client does after Retry-After
            assertThat(ItJobs.awaitFinished(app, id, Duration.ofMinutes(3)).getString("status"))
                    .isEqualTo("succeeded");
            assertThat(customerIo.peopleCount()).isEqualTo(USERS);
        }
    }
}
