package io.ciosync.api.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.net.URL;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.ciosync.CustomerIoStandInResource;
import io.ciosync.Jobs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Every /syncs call needs a valid bearer token; jobs are visible to their own tenant only; probes stay open. */
@QuarkusTest
@WithTestResource(CustomerIoStandInResource.class)
class AuthenticationTest {

    @TestHTTPResource(value = "/health/ready", management = true) // under the management root, /q
    URL readiness;

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @ParameterizedTest(name = "Authorization: {0}")
    @ValueSource(
            strings = {
                "",
                "Bearer",
                "Bearer ",
                "Bearer wrong-token-0123456789",
                "bearer wrong-token-0123456789",
                "Basic dGVhbS1hOnRlc3QtdG9rZW4tdGVhbS1hLTAxMjM0NTY3ODk=",
                "Bearer test-token-team-a-012345678",
                "Bearer test-token-team-a-0123456789x",
                "BearerX test-token-team-a-0123456789"
            })
    void missingMalformedOrWrongTokensAre401ProblemsOnEveryEndpoint(String authorization) {
        String job = Jobs.submit(Map.of("config", Jobs.config(5), "data", Jobs.users("auth", 1)));
        for (var call :
                Map.<String, java.util.function.Function<RequestSpecification, io.restassured.response.Response>>of(
                                "POST /syncs",
                                        r -> r.contentType(ContentType.JSON)
                                                .body("{}")
                                                .post("/syncs"),
                                "GET /syncs/{id}", r -> r.get("/syncs/" + job),
                                "GET /syncs/{id}/users", r -> r.get("/syncs/" + job + "/users"),
                                "GET /syncs/unknown", r -> r.get("/syncs/unknown"))
                        .entrySet()) {
            RequestSpecification request = given().auth().none();
            if (!authorization.isEmpty()) {
                request.header("Authorization", authorization);
            }
            call.getValue()
                    .apply(request)
                    .then()
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .header("WWW-Authenticate", startsWith("Bearer realm=\"cio-sync\""))
                    .body("status", equalTo(401))
                    .body("title", equalTo("Unauthorized"));
        }
    }

    @Test
    void aWrongTokenIsToldApartFromAMissingOne() {
        given().auth()
                .none()
                .get("/syncs/x")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer realm=\"cio-sync\""));
        given().auth()
                .oauth2("not-a-token-of-this-service")
                .get("/syncs/x")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer realm=\"cio-sync\", error=\"invalid_token\""))
                .body("detail", equalTo("the bearer token is not valid"));
    }

    @Test
    void anotherTenantsJobIsNotFoundAndItsUsersAreNotListed() {
        String ownedByA = Jobs.submit(Map.of("config", Jobs.config(5), "data", Jobs.users("owned", 2)));
        Jobs.awaitFinished(ownedByA);

        given().auth()
                .oauth2(Jobs.TOKEN_B)
                .get("/syncs/" + ownedByA)
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("detail", equalTo("no sync job with id " + ownedByA));
        given().auth()
                .oauth2(Jobs.TOKEN_B)
                .get("/syncs/" + ownedByA + "/users")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(Jobs.TOKEN_A)
                .get("/syncs/" + ownedByA)
                .then()
                .statusCode(200)
                .body("counts.total", equalTo(2));
    }

    @Test
    void eachTenantSeesTheJobsItCreated() {
        String ownedByB = given().auth()
                .oauth2(Jobs.TOKEN_B)
                .contentType(ContentType.JSON)
                .body(Map.of("config", Jobs.config(5), "data", Jobs.users("b", 1)))
                .post("/syncs")
                .then()
                .statusCode(202)
                .extract()
                .path("id");

        given().auth().oauth2(Jobs.TOKEN_B).get("/syncs/" + ownedByB).then().statusCode(200);
        given().auth().oauth2(Jobs.TOKEN_A).get("/syncs/" + ownedByB).then().statusCode(404);
    }

    @Test
    void probingRandomPathsWithoutATokenAddsNoMetricSeries() {
        String probe = "probe-" + UUID.randomUUID();
        given().auth().none().get("/syncs/" + probe + "/a/b").then().statusCode(401);
        given().auth()
                .oauth2("not-a-token-of-this-service")
                .get("/syncs/x/" + probe)
                .then()
                .statusCode(401);

        assertThat(given().auth().none().get(metrics).asString())
                .contains("status=\"401\"")
                .doesNotContain(probe);
    }

    @Test
    void healthAndMetricsOnTheManagementPortNeedNoToken() {
        given().auth().none().get(readiness).then().statusCode(200).body("status", equalTo("UP"));
        given().auth().none().get(metrics).then().statusCode(200).body(containsString("jvm_threads_live_threads"));
    }
}
