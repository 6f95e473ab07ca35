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
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** {@code "updateOnly"} never creates people; {@code "identifier"} picks how the userId value is sent. */
@QuarkusTest
@WithTestResource(CustomerIoStandInResource.class)
class UpdateOnlyAndIdentifierTest {

    @InjectCustomerIo
    CustomerIoStandIn customerIo;

    @BeforeEach
    void reset() {
        customerIo.reset();
    }

    @Test
    void updateOnlyUpdatesExistingPeopleAndCreatesNoOne() {
        Jobs.awaitFinished(Jobs.submit(Map.of("config", Jobs.v1Config(2), "data", Jobs.users("u", 1))));
        Map<String, Object> config = Jobs.v1Config(2);
        config.put("updateOnly", true);

        JsonPath job = Jobs.awaitFinished(Jobs.submit(Map.of(
                "config",
                config,
                "data",
                List.of(Map.of("uid", "u0", "name", "Renamed"), Map.of("uid", "new", "name", "Nobody")))));

        assertThat(job.getString("status")).isEqualTo("succeeded");
        assertThat(job.getBoolean("config.updateOnly")).isTrue();
        assertThat(customerIo.requestCount()).isEqualTo(3); // 1 creating u0 first, then the 2 of this job
        assertThat(customerIo.requests().subList(1, 3))
                .extracting(RecordedRequest::body)
                .allSatisfy(body -> assertThat(body).contains("\"_update\":true"));
        assertThat(customerIo.person("u0")).contains(Map.of("name", "Renamed"));
        assertThat(customerIo.person("new")).isEmpty();
    }

    @Test
    void emailIdentifiersAreSentAsTheyAreAndNonEmailsAreSkipped() {
        Map<String, Object> config = Jobs.v1Config(2);
        config.put("identifier", "email");

        JsonPath job = Jobs.awaitFinished(Jobs.submit(Map.of(
                "config",
                config,
                "data",
                List.of(Map.of("uid", "ann@example.com", "name", "Ann"), Map.of("uid", "bob", "name", "Bob")))));

        assertThat(job.getList("users.outcome")).containsExactly("synced", "skipped");
        assertThat(job.getString("users[1].error")).contains("not an email address");
        assertThat(customerIo.requests())
                .extracting(RecordedRequest::identifier)
                .containsExactly("ann@example.com");
        assertThat(customerIo.person("ann@example.com")).contains(Map.of("name", "Ann"));
    }

    @Test
    void cioIdIdentifiersAreSentWithTheirPrefix() {
        Map<String, Object> config = Jobs.v1Config(2);
        config.put("identifier", "cio_id");

        JsonPath job = Jobs.awaitFinished(Jobs.submit(Map.of(
                "config",
                config,
                "data",
                List.of(Map.of("uid", "a1b2", "name", "A"), Map.of("uid", "cio_c3d4", "name", "C")))));

        assertThat(job.getString("status")).isEqualTo("succeeded");
        assertThat(job.getList("users.userId")).containsExactly("a1b2", "cio_c3d4");
        assertThat(customerIo.requests())
                .extracting(RecordedRequest::identifier)
                .containsExactlyInAnyOrder("cio_a1b2", "cio_c3d4");
        assertThat(customerIo.person("cio_a1b2")).contains(Map.of("name", "A"));
        assertThat(customerIo.specViolations()).isEmpty();
    }

    @Test
    void v2BatchEntriesNameTheIdentifierAndCarryUpdateOnly() {
        customerIo.storeBodies(true);
        Jobs.awaitFinished(Jobs.submit(Map.of("config", Jobs.config(2), "data", Jobs.users("v2u", 1))));
        Map<String, Object> update = Jobs.config(2);
        update.put("updateOnly", true);

        JsonPath updated = Jobs.awaitFinished(Jobs.submit(Map.of(
                "config",
                update,
                "data",
                List.of(Map.of("uid", "v2u0", "name", "Renamed"), Map.of("uid", "v2new", "name", "Nobody")))));

        assertThat(updated.getString("status")).isEqualTo("succeeded");
        RecordedRequest batch = last();
        assertThat(batch.method() + " " + batch.rawPath()).isEqualTo("POST /api/v2/batch");
        assertThat(batch.body()).contains("\"_update\":true").contains("\"identifiers\":{\"id\":\"v2u0\"}");
        assertThat(customerIo.person("v2u0")).contains(Map.of("name", "Renamed"));
        assertThat(customerIo.person("v2new")).isEmpty();

        Map<String, Object> email = Jobs.config(2);
        email.put("identifier", "email");
        JsonPath byEmail = Jobs.awaitFinished(Jobs.submit(Map.of(
                "config",
                email,
                "data",
                List.of(Map.of("uid", "v2ann@example.com", "name", "Ann"), Map.of("uid", "v2bob", "name", "Bob")))));

        assertThat(byEmail.getList("users.outcome")).containsExactly("synced", "skipped");
        assertThat(last().body())
                .contains("\"identifiers\":{\"email\":\"v2ann@example.com\"}")
                .doesNotContain("v2bob");
        assertThat(customerIo.person("v2ann@example.com")).contains(Map.of("name", "Ann"));

        Map<String, Object> cioId = Jobs.config(2);
        cioId.put("identifier", "cio_id");
        JsonPath byCioId = Jobs.awaitFinished(Jobs.submit(Map.of(
                "config",
                cioId,
                "data",
                List.of(Map.of("uid", "a9b8", "name", "A"), Map.of("uid", "cio_c7d6", "name", "C")))));

        assertThat(byCioId.getString("status")).isEqualTo("succeeded");
        assertThat(last().body())
                .contains("\"identifiers\":{\"cio_id\":\"a9b8\"}")
                .contains("\"identifiers\":{\"cio_id\":\"c7d6\"}");
        assertThat(customerIo.person("cio_a9b8")).contains(Map.of("name", "A"));
        assertThat(customerIo.person("cio_c7d6")).contains(Map.of("name", "C"));
        assertThat(customerIo.specViolations()).isEmpty();
    }

    private RecordedRequest last() {
        List<RecordedRequest> requests = customerIo.requests();
        return requests.get(requests.size() - 1);
    }

    @Test
    void anUnknownIdentifierOrMistypedUpdateOnlyIsA400() {
        Map<String, Object> config = Jobs.v1Config(2);
        config.put("identifier", "phone");
        config.put("updateOnly", "yes");

        given().contentType(ContentType.JSON)
                .body(Map.of("config", config, "data", Jobs.users("u", 1)))
                .post("/syncs")
                .then()
                .statusCode(400)
                .body("errors.field", contains("config.updateOnly"));
        config.put("updateOnly", false);
        given().contentType(ContentType.JSON)
                .body(Map.of("config", config, "data", Jobs.users("u", 1)))
                .post("/syncs")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("config.identifier"))
                .body("errors[0].message", equalTo("must be \"id\", \"email\" or \"cio_id\""));
    }
}
