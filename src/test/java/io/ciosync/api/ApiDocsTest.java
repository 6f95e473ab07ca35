package io.ciosync.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import org.junit.jupiter.api.Test;

import io.ciosync.CustomerIoStandInResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** The OpenAPI document and Swagger UI describe the API as it is, with the original files as examples. */
@QuarkusTest
@WithTestResource(CustomerIoStandInResource.class)
class ApiDocsTest {

    @Test
    void openApiDescribesEveryAcceptedShapeAndTheProblems() {
        JsonPath doc = given().auth()
                .none()
                .queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        String post = "paths.'/syncs'.post";
        assertThat(doc.getMap(post + ".requestBody.content.'application/json'.examples"))
                .containsKeys("original files inline", "config inline, data file", "both as files");
        assertThat(doc.getString(post + ".requestBody.content.'application/json'.examples.'original files inline'"
                        + ".value.config.userId"))
                .isEqualTo("user_id_field_name");
        assertThat(doc.getMap(post + ".requestBody.content.'multipart/form-data'.schema.properties"))
                .containsKeys("config", "data");
        assertThat(doc.getMap(post + ".responses")).containsKeys("202", "400", "401", "413", "415", "503", "507");
        assertThat(doc.getMap("paths.'/syncs/{id}'.get.responses")).containsKeys("200", "401", "404");
        assertThat(doc.getMap("paths.'/syncs/{id}/users'.get.responses")).containsKeys("200", "400", "404");
        assertThat(doc.getString(
                        "paths.'/syncs/{id}'.get.responses.'404'.content.'application/problem+json'" + ".schema.$ref"))
                .isEqualTo("#/components/schemas/Problem");
        assertThat(doc.getMap("components.schemas.Problem.properties")).containsKeys("title", "status", "errors");
    }

    @Test
    void theDocumentIsAContractBearerSchemeStatusesAndNullableFields() {
        JsonPath doc = given().auth()
                .none()
                .queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        assertThat(doc.getMap("components.securitySchemes.bearerAuth"))
                .containsEntry("type", "http")
                .containsEntry("scheme", "bearer");
        assertThat(doc.getList("paths.'/syncs'.get.security"))
                .containsExactly(java.util.Map.of("bearerAuth", java.util.List.of()));
        assertThat(doc.getMap("paths.'/syncs'.post.responses"))
                .containsKeys("202", "400", "401", "413", "415", "422", "503", "507")
                .doesNotContainKey("200");
        assertThat(doc.getMap("paths.'/syncs/{id}/cancel'.post.responses")).containsKeys("200", "404", "409");
        assertThat(doc.getMap("paths.'/syncs/{id}/retry'.post.responses"))
                .containsKeys("202", "404", "409")
                .doesNotContainKey("200");
        assertThat(doc.getMap("paths.'/schedules'.post.responses"))
                .containsKey("201")
                .doesNotContainKey("200");
        assertThat(doc.getString(
                        "paths.'/syncs/{id}/users'.get.responses.'200'.content.'application/json'" + ".schema.$ref"))
                .isEqualTo("#/components/schemas/OutcomePage");
        assertThat(doc.getList("components.schemas.Job.properties.error.type")).containsExactly("string", "null");
        assertThat(doc.getList("components.schemas.UserOutcome.properties.httpStatus.type"))
                .contains("null");
        assertThat(doc.getList("components.schemas.JobPage.properties.next.type"))
                .contains("null");
        assertThat(doc.getList("components.schemas.Job.properties.finishedAt.anyOf"))
                .hasSize(2);
    }

    @Test
    void swaggerUiIsServed() {
        given().auth().none().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
    }
}
