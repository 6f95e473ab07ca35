package io.ciosync.delivery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ciosync.CustomerIoStandIn;
import io.ciosync.CustomerIoStandIn.RecordedRequest;
import io.ciosync.CustomerIoStandInResource;
import io.ciosync.InjectCustomerIo;
import io.ciosync.Jobs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** {@code "updateOnly"} never creates people; {@code "identifier"} picks how the userId value is sent. */
@QuarkusTest
@QuarkusTestResource(CustomerIoStandInResource.class)
class UpdateOnlyAndIdentifierTest {

    @InjectCustomerIo
    CustomerIoStandIn customerIo;

    @BeforeEach
    void reset() {
        customerIo.reset();
    }

    @Test
    void updateOnlyUpdatesExistingPeopleAndCreatesNoOne() {
        Jobs.awaitFinished(Jobs.submit(Map.of("config", Jobs.config(2), "data", Jobs.users("u", 1))));
        Map<String, Object> config = Jobs.config(2);
        config.put("updateOnly", true);

        JsonPath job = Jobs.awaitFinished(Jobs.submit(Map.of("config", config, "data",
                List.of(Map.of("uid", "u0", "name", "Renamed"), Map.of("uid", "new", "name", "Nobody")))));

        assertThat(job.getString("status")).isEqualTo("succeeded");
        assertThat(job.getBoolean("config.updateOnly")).isTrue();
        assertThat(customerIo.requestCount()).isEqualTo(3); // 1 creating u0 first, then the 2 of this job
        assertThat(customerIo.requests().subList(1, 3)).extracting(RecordedRequest::body)
                .allSatisfy(body -> assertThat(body).contains("\"_update\":true"));
        assertThat(customerIo.person("u0")).contains(Map.of("name", "Renamed"));
        assertThat(customerIo.person("new")).isEmpty();
    }

    @Test
    void emailIdentifiersAreSentAsTheyAreAndNonEmailsAreSkipped() {
        Map<String, Object> config = Jobs.config(2);
        config.put("identifier", "email");

        JsonPath job = Jobs.awaitFinished(Jobs.submit(Map.of("config", config, "data",
                List.of(Map.of("uid", "ann@example.com", "name", "Ann"), Map.of("uid", "bob", "name", "Bob")))));

        assertThat(job.getList("users.outcome")).containsExactly("synced", "skipped");
        assertThat(job.getString("users[1].error")).contains("not an email address");
        assertThat(customerIo.requests()).extracting(RecordedRequest::identifier).containsExactly("ann@example.com");
        assertThat(customerIo.person("ann@example.com")).contains(Map.of("name", "Ann"));
    }

    @Test
    void cioIdIdentifiersAreSentWithTheirPrefix() {
        Map<String, Object> config = Jobs.config(2);
        config.put("identifier", "cio_id");

        JsonPath job = Jobs.awaitFinished(Jobs.submit(Map.of("config", config, "data",
                List.of(Map.of("uid", "a1b2", "name", "A"), Map.of("uid", "cio_c3d4", "name", "C")))));

        assertThat(job.getString("status")).isEqualTo("succeeded");
        assertThat(job.getList("users.userId")).containsExactly("a1b2", "cio_c3d4");
        assertThat(customerIo.requests()).extracting(RecordedRequest::identifier)
                .containsExactlyInAnyOrder("cio_a1b2", "cio_c3d4");
        assertThat(customerIo.person("cio_a1b2")).contains(Map.of("name", "A"));
        assertThat(customerIo.specViolations()).isEmpty();
    }

    @Test
    void anUnknownIdentifierOrMistypedUpdateOnlyIsA400() {
        Map<String, Object> config = Jobs.config(2);
        config.put("identifier", "phone");
        config.put("updateOnly", "yes");

        given().contentType(ContentType.JSON)
                .body(Map.of("config", config, "data", Jobs.users("u", 1))).post("/syncs")
                .then().statusCode(400)
                .body("errors.field", contains("config.updateOnly"));
        config.put("updateOnly", false);
        given().contentType(ContentType.JSON)
                .body(Map.of("config", config, "data", Jobs.users("u", 1))).post("/syncs")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("config.identifier"))
                .body("errors[0].message", equalTo("must be \"id\", \"email\" or \"cio_id\""));
    }
}
