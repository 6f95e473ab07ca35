package io.ciosync.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.oneOf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ciosync.CustomerIoStandIn;
import io.ciosync.CustomerIoStandInResource;
import io.ciosync.InjectCustomerIo;
import io.ciosync.Jobs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** The original script's config.json and data.json, posted unchanged in every accepted shape. */
@QuarkusTest
@WithTestResource(CustomerIoStandInResource.class)
class SubmitOriginalFormatTest {

    @InjectCustomerIo
    CustomerIoStandIn customerIo;

    @BeforeEach
    void reset() {
        customerIo.reset();
    }

    @Test
    void originalFilesAsJsonBodyEndSucceededWithExactlyTheMappedAttributes() {
        String id = Jobs.submit("{\"config\": " + Jobs.ORIGINAL_CONFIG + ", \"data\": " + Jobs.ORIGINAL_DATA + "}");

        JsonPath job = Jobs.awaitFinished(id);

        assertThat(job.getString("status")).isEqualTo("succeeded");
        assertOriginalUsersSynced(job);
    }

    @Test
    void originalFilesAsMultipartEndSucceededWithExactlyTheMappedAttributes() throws IOException {
        Path dir = Files.createTempDirectory("original");
        Path config = Files.writeString(dir.resolve("config.json"), Jobs.ORIGINAL_CONFIG);
        Path data = Files.writeString(dir.resolve("data.json"), Jobs.ORIGINAL_DATA);

        String id = given().multiPart("config", config.toFile())
                .multiPart("data", data.toFile())
                .when()
                .post("/syncs")
                .then()
                .statusCode(202)
                .header("Location", org.hamcrest.Matchers.matchesPattern("/syncs/[0-9a-f-]+"))
                .body("status", oneOf("queued", "running")) // delivery may start while the data is read
                .body("total", equalTo(2))
                .extract()
                .path("id");

        assertOriginalUsersSynced(Jobs.awaitFinished(id));
    }

    @Test
    void fileReferencesResolveUnderTheFilesRoot() throws IOException {
        Path root = Path.of("target/test-files/team-a/original");
        Files.createDirectories(root);
        Files.writeString(root.resolve("config.json"), Jobs.ORIGINAL_CONFIG);
        Files.writeString(root.resolve("data.json"), Jobs.ORIGINAL_DATA);

        String byFiles = Jobs.submit(Map.of("configFile", "original/config.json", "dataFile", "original/data.json"));
        assertOriginalUsersSynced(Jobs.awaitFinished(byFiles));

        customerIo.reset();
        String mixed = "{\"config\": " + Jobs.ORIGINAL_CONFIG + ", \"dataFile\": \"original/data.json\"}";
        assertOriginalUsersSynced(Jobs.awaitFinished(Jobs.submit(mixed)));
    }

    @Test
    void statusReportsCountsRedactedConfigAndOutcomes() {
        String id = Jobs.submit("{\"config\": " + Jobs.ORIGINAL_CONFIG + ", \"data\": " + Jobs.ORIGINAL_DATA + "}");
        Jobs.awaitFinished(id);

        given().get("/syncs/" + id)
                .then()
                .statusCode(200)
                .body("id", equalTo(id))
                .body("status", equalTo("succeeded"))
                .body("counts.total", equalTo(2))
                .body("counts.pending", equalTo(0))
                .body("counts.synced", equalTo(2))
                .body("counts.failed", equalTo(0))
                .body("counts.skipped", equalTo(0))
                .body("createdAt", notNullValue())
                .body("startedAt", notNullValue())
                .body("finishedAt", notNullValue())
                .body("error", nullValue())
                .body("config.api-key", equalTo("****"))
                .body("config.site-id", equalTo("your_site_id"))
                .body("config.api", equalTo("v2"))
                .body("users", hasSize(2))
                .body("users[0].userId", equalTo("123"))
                .body("users[0].outcome", equalTo("synced"))
                .body("users[0].httpStatus", equalTo(200))
                .body("users[0].attempts", equalTo(1))
                .body("links.users", equalTo("/syncs/" + id + "/users"));
        assertThat(given().get("/syncs/" + id).asString()).doesNotContain("your_api_key");
    }

    @Test
    void unknownJobIsA404Problem() {
        given().get("/syncs/does-not-exist")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("detail", equalTo("no sync job with id does-not-exist"));
        given().get("/syncs/does-not-exist/users").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void outcomePagesWalkEveryUserWithACursor() {
        String id = Jobs.submit(Map.of("config", Jobs.config(10), "data", Jobs.users("p", 25)));
        Jobs.awaitFinished(id);

        JsonPath first = given().queryParam("limit", 10)
                .get("/syncs/" + id + "/users")
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .extract()
                .jsonPath();
        assertThat(first.getList("items.userId"))
                .containsExactly("p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p9");
        JsonPath second = given().queryParam("limit", 10)
                .queryParam("after", first.getString("next"))
                .get("/syncs/" + id + "/users")
                .then()
                .extract()
                .jsonPath();
        assertThat(second.getList("items.userId")).startsWith("p10").hasSize(10);
        JsonPath last = given().queryParam("limit", 10)
                .queryParam("after", second.getString("next"))
                .get("/syncs/" + id + "/users")
                .then()
                .extract()
                .jsonPath();
        assertThat(last.getList("items.userId")).hasSize(5).endsWith("p24");
        assertThat(last.getString("next")).isNull();
        given().queryParam("outcome", "failed")
                .get("/syncs/" + id + "/users")
                .then()
                .body("items", hasSize(0))
                .body("next", nullValue());
        given().queryParam("outcome", "nonsense")
                .get("/syncs/" + id + "/users")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("outcome"));
    }

    private void assertOriginalUsersSynced(JsonPath job) {
        assertThat(job.getString("status")).isEqualTo("succeeded");
        assertThat(job.getInt("counts.synced")).isEqualTo(2);
        assertThat(customerIo.person("123")).contains(Map.of("name", "John Doe"));
        assertThat(customerIo.person("456")).contains(Map.of("name", "Jane Smith"));
        assertThat(customerIo.peopleCount()).isEqualTo(2);
        assertThat(customerIo.requestCount("POST", "/api/v2/batch")).isEqualTo(1); // batch is the default
        assertThat(customerIo.requestCount()).isEqualTo(1);
        assertThat(customerIo.specViolations()).isEmpty();
    }
}
