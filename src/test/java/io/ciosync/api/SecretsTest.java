package io.ciosync.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.ciosync.CioSyncConfig;
import io.ciosync.CustomerIoStandIn;
import io.ciosync.CustomerIoStandIn.Fault;
import io.ciosync.CustomerIoStandInResource;
import io.ciosync.InjectCustomerIo;
import io.ciosync.Jobs;
import io.ciosync.secrets.ApiKeyCipher;
import io.ciosync.store.Database;
import io.ciosync.store.StoredText;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * A recognisable API key goes through every path a key can take — accepted, delivered, refused by Customer.io,
 * in a bad request, in a multipart upload — with the REST client logging every request; then every response body,
 * the whole log, the metrics and every text column of the database are searched for it: zero hits.
 */
@QuarkusTest
@TestProfile(SecretsTest.LogEverything.class)
@WithTestResource(CustomerIoStandInResource.class)
class SecretsTest {

    static final Path LOG = Path.of("target/test-logs/secrets.log");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Request/response logging of the Customer.io client on, everything of cio-sync at DEBUG, into one file. */
    public static class LogEverything implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.rest-client.logging.scope",
                    "request-response",
                    "quarkus.rest-client.logging.body-limit",
                    "10000",
                    "quarkus.log.category.\"org.jboss.resteasy.reactive.client.logging\".level",
                    "DEBUG",
                    "quarkus.log.category.\"io.ciosync\".level",
                    "DEBUG",
                    "quarkus.log.file.enabled",
                    "true",
                    "quarkus.log.file.path",
                    LOG.toString());
        }
    }

    @InjectCustomerIo
    CustomerIoStandIn customerIo;

    @Inject
    Database db;

    @Inject
    ApiKeyCipher cipher;

    @Inject
    CioSyncConfig config;

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    private final List<String> bodies = new ArrayList<>();

    @BeforeEach
    void reset() {
        customerIo.reset();
    }

    @Test
    void theApiKeyIsInNoResponseLogMetricOrPlainDatabaseColumn() throws IOException {
        String key = "cio-secret-" + UUID.randomUUID();
        String refusedKey = "cio-refused-" + UUID.randomUUID();
        String workspaceKey = "workspace-key-held-by-the-server";
        customerIo.acceptCredentials("secret-site", key);
        customerIo.acceptCredentials("workspace-site", workspaceKey);
        customerIo.script("s1", Fault.status(400, "{\"meta\":{\"errors\":[\"rejected by the stand-in\"]}}"));

        String accepted = submit(config("secret-site", key), 3);
        String refused = submit(config("secret-site", refusedKey), 2);
        String viaWorkspace = submit(
                "{\"workspace\": \"prod\", \"userId\": \"uid\", "
                        + "\"mappings\": [{\"from\": \"name\", \"to\": \"name\"}]}",
                2);
        String uploaded = keep(given().multiPart(
                                "config",
                                "config.json",
                                config("secret-site", key).getBytes(),
                                "application/json")
                        .multiPart("data", "data.json", "[{\"uid\": \"m0\"}]".getBytes(), "application/json")
                        .post("/syncs")
                        .then()
                        .statusCode(202)
                        .extract()
                        .response())
                .path("id");
        for (String id : List.of(accepted, refused, viaWorkspace, uploaded)) {
            Jobs.awaitFinished(id);
            keep(given().get("/syncs/" + id)
                    .then()
                    .statusCode(200)
                    .body("config.api-key", equalTo("****"))
                    .extract()
                    .response());
            keep(given().get("/syncs/" + id + "/users")
                    .then()
                    .statusCode(200)
                    .extract()
                    .response());
        }
        keep(given().contentType(ContentType.JSON)
                .body("{\"config\": " + config("secret-site", key).replace("\"parallelism\": 5", "\"parallelism\": 0")
                        + ", \"data\": []}")
                .post("/syncs")
                .then()
                .statusCode(400)
                .extract()
                .response());
        keep(given().contentType(ContentType.JSON)
                .body("{\"config\": {\"api-key\": " + key + "}, \"data\": []}")
                .post("/syncs")
                .then()
                .statusCode(400)
                .extract()
                .response()); // the key unquoted: a syntax error
        keep(given().contentType(ContentType.JSON)
                .body("{\"config\": {\"api-key\": \"" + key + "\", \"workspace\": " + "\"prod\"}, \"data\": []}")
                .post("/syncs")
                .then()
                .statusCode(400)
                .extract()
                .response());

        assertThat(given().get("/syncs/" + accepted).jsonPath().getString("status"))
                .isEqualTo("completed_with_errors");
        assertThat(given().get("/syncs/" + refused).jsonPath().getString("error"))
                .contains("refused");
        assertThat(customerIo.requests()).anySatisfy(r -> assertThat(r.siteId()).isEqualTo("workspace-site"));
        assertThat(Files.readString(LOG))
                .as("the client's request logging ran, masked")
                .contains("Authorization=****");

        List<String> secrets = List.of(
                key,
                refusedKey,
                workspaceKey,
                basic("secret-site", key),
                basic("secret-site", refusedKey),
                basic("workspace-site", workspaceKey));
        for (String secret : secrets) {
            assertThat(bodies)
                    .as("response bodies")
                    .noneSatisfy(b -> assertThat(b).contains(secret));
            assertThat(Files.readString(LOG)).as("the whole log").doesNotContain(secret);
            assertThat(given().auth().none().get(metrics).asString())
                    .as("/q/metrics")
                    .doesNotContain(secret);
            assertThat(StoredText.of(db))
                    .as("every table, users and outcomes decoded")
                    .doesNotContain(secret);
        }
        assertThat(String.valueOf(config.workspaces()))
                .as("the workspaces' config, if ever logged")
                .doesNotContain(workspaceKey);
        assertThat(storedKey(accepted)).startsWith("v1:");
        assertThat(cipher.decrypt(accepted, storedKey(accepted))).isEqualTo(key);
        assertThat(cipher.decrypt(viaWorkspace, storedKey(viaWorkspace))).isEqualTo(workspaceKey);
    }

    private String submit(String config, int users) throws IOException {
        return keep(given().contentType(ContentType.JSON)
                        .body("{\"config\": " + config + ", \"data\": "
                                + JSON.writeValueAsString(Jobs.users("s", users)) + "}")
                        .post("/syncs")
                        .then()
                        .statusCode(202)
                        .extract()
                        .response())
                .path("id");
    }

    private Response keep(Response response) {
        bodies.add(response.asString());
        return response;
    }

    /** One identify per user ({@code "api": "v1"}), so the per-user fault and the per-request logging apply. */
    private static String config(String siteId, String key) {
        return "{\"site-id\": \"" + siteId + "\", \"api-key\": \"" + key + "\", \"userId\": \"uid\", \"api\": \"v1\", "
                + "\"parallelism\": 5, \"mappings\": [{\"from\": \"name\", \"to\": \"name\"}]}";
    }

    private static String basic(String siteId, String key) {
        return Base64.getEncoder().encodeToString((siteId + ":" + key).getBytes(StandardCharsets.UTF_8));
    }

    private String storedKey(String id) {
        return db.read(c -> {
            try (var ps = c.prepareStatement("SELECT api_key_enc FROM sync_job WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
    }
}
