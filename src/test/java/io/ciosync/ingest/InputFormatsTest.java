package io.ciosync.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ciosync.CustomerIoStandIn;
import io.ciosync.CustomerIoStandInResource;
import io.ciosync.InjectCustomerIo;
import io.ciosync.Jobs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** JSON arrays, NDJSON and CSV, each optionally gzip, recognised by content type or file name. */
@QuarkusTest
@WithTestResource(CustomerIoStandInResource.class)
class InputFormatsTest {

    private static final String CONFIG = """
            {"site-id": "site", "api-key": "key", "userId": "uid", "parallelism": 4, "api": "v1",
             "mappings": [{"from": "name", "to": "name"}, {"from": "ltv", "to": "ltv", "type": "number"}]}
            """;
    private static final String NDJSON = """
            {"uid": "n1", "name": "Ann", "ltv": 10}

            {"uid": "n2", "name": "Bob", "ltv": "2.5"}
            """;
    private static final String CSV = """
            uid,name,ltv
            c1,"Smith, Ann",10
            c2,Bob,
            """;

    @InjectCustomerIo
    CustomerIoStandIn customerIo;

    @BeforeEach
    void reset() {
        customerIo.reset();
    }

    @Test
    void ndjsonByFileName() {
        JsonPath job = upload("users.ndjson", "application/octet-stream", bytes(NDJSON));

        assertThat(job.getString("status")).isEqualTo("succeeded");
        assertThat(customerIo.person("n1")).contains(Map.of("name", "Ann", "ltv", 10));
        assertThat(customerIo.person("n2")).contains(Map.of("name", "Bob", "ltv", 2.5));
        assertThat(customerIo.requestCount()).isEqualTo(2);
    }

    @Test
    void csvWithAHeaderRowByContentTypeAnEmptyCellIsNull() {
        JsonPath job = upload("export", "text/csv", bytes(CSV));

        assertThat(job.getString("status")).isEqualTo("succeeded");
        assertThat(customerIo.person("c1")).contains(Map.of("name", "Smith, Ann", "ltv", 10));
        assertThat(customerIo.person("c2")).contains(Map.of("name", "Bob"));
        assertThat(customerIo.requestCount()).isEqualTo(2);
    }

    @Test
    void gzipCsvAndGzipNdjsonByFileNameOrMagicBytes() {
        assertThat(upload("users.csv.gz", "application/gzip", gzip(CSV)).getInt("counts.synced"))
                .isEqualTo(2);
        assertThat(upload("users.jsonl", "application/octet-stream", gzip(NDJSON))
                        .getInt("counts.synced"))
                .isEqualTo(2);
        assertThat(upload("users.json.gz", null, gzip(Jobs.ORIGINAL_DATA.replace("user_id_field_name", "uid")))
                        .getInt("counts.synced"))
                .isEqualTo(2);
        assertThat(customerIo.requestCount()).isEqualTo(6);
    }

    @Test
    void fileReferencesAreDetectedByExtension() throws IOException {
        Path root = Path.of("target/test-files/team-a/formats");
        Files.createDirectories(root);
        Files.write(root.resolve("users.ndjson.gz"), gzip(NDJSON));

        JsonPath job = Jobs.awaitFinished(
                Jobs.submit("{\"config\": " + CONFIG + ", \"dataFile\": \"formats/users.ndjson.gz\"}"));

        assertThat(job.getList("users.userId")).containsExactly("n1", "n2");
        assertThat(customerIo.requestCount()).isEqualTo(2);
    }

    @Test
    void brokenInputIsA400NamingTheData() {
        given().multiPart("config", "config.json", bytes(CONFIG))
                .multiPart("data", "users.csv.gz", bytes("not gzip"))
                .post("/syncs")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("data"))
                .body("errors[0].message", startsWith("is not valid gzip data"));
        given().multiPart("config", "config.json", bytes(CONFIG))
                .multiPart("data", "users.ndjson", bytes("{\"uid\": \"1\"}\n{\"uid\": "))
                .post("/syncs")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("data"))
                .body("errors[0].message", startsWith("is not valid JSON at line 2"));
        assertThat(customerIo.requestCount()).isZero();
    }

    @Test
    void aCsvCellOverTheStringLimitIsA413NamingThatLimit() {
        String csv = "uid,name\nc1," + "x".repeat(1_000_001) + "\n";
        given().multiPart("config", "config.json", bytes(CONFIG))
                .multiPart("data", "users.csv", bytes(csv))
                .post("/syncs")
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("data"))
                .body(
                        "errors[0].message",
                        equalTo("has a string longer than 1000000 characters " + "(cio-sync.json.max-string-length)"));
        assertThat(customerIo.requestCount()).isZero();
    }

    @Test
    void moreMultipartPartsThanAllowedAreA413NamingTheLimit() {
        var request = given().multiPart("config", "config.json", bytes(CONFIG));
        for (int i = 0; i < 1_001; i++) {
            request = request.multiPart("p" + i, "v");
        }
        request.post("/syncs")
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("body"))
                .body("errors[0].message", equalTo("has more than 1000 parts (quarkus.http.limits.max-parameters)"));
    }

    private JsonPath upload(String fileName, String contentType, byte[] data) {
        var request = given().multiPart("config", "config.json", bytes(CONFIG));
        request = contentType == null
                ? request.multiPart("data", fileName, data)
                : request.multiPart("data", fileName, data, contentType);
        return Jobs.awaitFinished(
                request.post("/syncs").then().statusCode(202).extract().path("id"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes(s));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
