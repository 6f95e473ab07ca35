package io.ciosync.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ciosync.CustomerIoStandIn;
import io.ciosync.CustomerIoStandInResource;
import io.ciosync.InjectCustomerIo;
import io.ciosync.Jobs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** {@code Idempotency-Key}: one job per key and body; the key with another body is a 422. */
@QuarkusTest
@WithTestResource(CustomerIoStandInResource.class)
class IdempotentSubmitTest {

    /** The original config sending one identify per user ({@code "api": "v1"}): the test counts them. */
    private static final String CONFIG =
            Jobs.ORIGINAL_CONFIG.replace("\"parallelism\": 25,", "\"parallelism\": 25, \"api\": \"v1\",");

    @InjectCustomerIo
    CustomerIoStandIn customerIo;

    @BeforeEach
    void reset() {
        customerIo.reset();
    }

    @Test
    void theSameKeyAndBodyAnswerTheSameJobAndSendOnce() {
        String key = UUID.randomUUID().toString();
        String body = "{\"config\": " + CONFIG + ", \"data\": " + Jobs.ORIGINAL_DATA + "}";

        Response first = post(key, body);
        Jobs.awaitFinished(first.path("id"));
        Response again = post(key, body);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.<String>path("id")).isEqualTo(first.path("id"));
        assertThat(again.<String>path("status")).isEqualTo("succeeded");
        assertThat(customerIo.identifyCount("123")).isEqualTo(1);
        assertThat(customerIo.requestCount()).isEqualTo(2);
    }

    @Test
    void theSameKeyWithAnotherBodyIsA422AndCreatesNothing() {
        String key = UUID.randomUUID().toString();
        String id = post(
                        key,
                        "{\"config\": " + CONFIG + ", \"data\": [{\"user_id_field_name\": "
                                + "\"1\", \"name\": \"A\"}]}")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        Jobs.awaitFinished(id);

        post(key, "{\"config\": " + CONFIG + ", \"data\": [{\"user_id_field_name\": \"2\"}]}")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("Idempotency-Key"));
        assertThat(customerIo.identifyCount("2")).isZero();
        assertThat(customerIo.requestCount()).isEqualTo(1);
    }

    @Test
    void multipartSubmissionsAreIdempotentToo() throws IOException {
        Path dir = Files.createTempDirectory("idem");
        Path config = Files.writeString(dir.resolve("config.json"), CONFIG);
        Path data = Files.writeString(dir.resolve("data.json"), Jobs.ORIGINAL_DATA);
        String key = UUID.randomUUID().toString();

        String first = given().header("Idempotency-Key", key)
                .multiPart("config", config.toFile())
                .multiPart("data", data.toFile())
                .post("/syncs")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        String again = given().header("Idempotency-Key", key)
                .multiPart("config", config.toFile())
                .multiPart("data", data.toFile())
                .post("/syncs")
                .then()
                .statusCode(202)
                .header("Idempotent-Replayed", "true")
                .extract()
                .path("id");

        assertThat(again).isEqualTo(first);
        Jobs.awaitFinished(first);
        assertThat(customerIo.identifyCount("456")).isEqualTo(1);
    }

    @Test
    void aRejectedRequestDoesNotUseUpItsKey() {
        String key = UUID.randomUUID().toString();

        post(key, "{\"config\": {}, \"data\": []}").then().statusCode(400);
        post(key, "{\"config\": " + CONFIG + ", \"data\": []}").then().statusCode(202);
        given().contentType(ContentType.JSON)
                .header("Idempotency-Key", "x".repeat(256))
                .body("{\"config\": " + CONFIG + ", \"data\": []}")
                .post("/syncs")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("Idempotency-Key"));
    }

    private static Response post(String key, String body) {
        return given().contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(body)
                .post("/syncs");
    }
}
