package io.ciosync.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.ciosync.CustomerIoStandIn;
import io.ciosync.CustomerIoStandInResource;
import io.ciosync.InjectCustomerIo;
import io.ciosync.Jobs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Delivery starts on a job's first chunk while the rest of its data is still being read, so the data is checked whole
 * first: input that turns bad after several chunks' worth of good users (1,000 per chunk in tests) is refused with
 * nothing created and nothing sent; good input of many chunks is delivered whole, duplicates found across chunks.
 */
@QuarkusTest
@WithTestResource(CustomerIoStandInResource.class)
class CheckedBeforeSentTest extends BadInputCase {

    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectCustomerIo
    CustomerIoStandIn customerIo;

    @BeforeEach
    void reset() {
        customerIo.reset();
    }

    @Test
    void aSyntaxErrorAfterThreeChunksOfUsersIsRefusedBeforeAnyoneIsSent() throws IOException {
        String users = JSON.writeValueAsString(Jobs.users("late", 3500));
        String body = "{\"config\": " + JSON.writeValueAsString(Jobs.config(5)) + ", \"data\": "
                + users.substring(0, users.length() - 1) + ", {\"uid\": \"x\",}]}";

        refused(given().contentType(ContentType.JSON).body(body).post("/syncs"), 400, "data");

        assertThat(customerIo.requestCount()).as("requests at Customer.io").isZero();
    }

    @Test
    void aKeyGivenTwiceAfterThreeChunksOfUsersIsRefusedBeforeAnyoneIsSent() throws IOException {
        // only the checking pass looks for keys given twice: the mapping pass reads the same bytes without that cost
        String users = JSON.writeValueAsString(Jobs.users("twice", 3500));
        String body = "{\"config\": " + JSON.writeValueAsString(Jobs.config(5)) + ", \"data\": "
                + users.substring(0, users.length() - 1) + ", {\"uid\": \"x\", \"name\": \"a\", \"name\": \"b\"}]}";

        JsonPath problem =
                refused(given().contentType(ContentType.JSON).body(body).post("/syncs"), 400, "data");

        assertThat(problem.getString("errors[0].message")).contains("Duplicate field 'name'");
        assertThat(customerIo.requestCount()).as("requests at Customer.io").isZero();
    }

    @Test
    void aTruncatedGzipFileOfManyChunksIsRefusedBeforeAnyoneIsSent() throws IOException {
        byte[] whole = gzip(JSON.writeValueAsString(Jobs.users("cut", 3500)));
        byte[] truncated = java.util.Arrays.copyOf(whole, whole.length - 40);

        refused(
                given().multiPart("config", "config.json", JSON.writeValueAsBytes(Jobs.config(5)), "application/json")
                        .multiPart("data", "data.json.gz", truncated, "application/gzip")
                        .post("/syncs"),
                400,
                "data");

        assertThat(customerIo.requestCount()).as("requests at Customer.io").isZero();
    }

    @Test
    void manyChunksAreDeliveredWholeWithDuplicatesFoundAcrossChunks() throws IOException {
        List<Map<String, Object>> users = new java.util.ArrayList<>(Jobs.users("many", 3500));
        users.add(Map.of("uid", "many10", "name", "again")); // a duplicate of a user three chunks back
        String id = acceptedWhole(
                given().contentType(ContentType.JSON)
                        .body(Map.of("config", Jobs.config(5), "data", users))
                        .post("/syncs"),
                3501);

        JsonPath job = Jobs.awaitFinished(id);

        assertThat(job.getMap("counts"))
                .as(job.prettify())
                .containsEntry("synced", 3500)
                .containsEntry("skipped", 1);
        assertThat(job.getString("status")).isEqualTo("completed_with_errors");
        assertThat(customerIo.peopleCount()).isEqualTo(3500);
        assertThat(customerIo.specViolations()).isEmpty();
        JsonPath last = given().queryParam("after", "3499")
                .get("/syncs/" + id + "/users")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(last.getString("items[0].userId")).isEqualTo("many10");
        assertThat(last.getString("items[0].outcome")).isEqualTo("skipped");
        assertThat(last.getString("items[0].error")).contains("duplicate userId");
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
