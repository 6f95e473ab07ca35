package io.ciosync.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.ciosync.CustomerIoStandInResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** The OpenAPI document shows {@code notify}: an example, the callback and its body, and the status of a notice. */
@QuarkusTest
@WithTestResource(CustomerIoStandInResource.class)
class NotifyApiDocsTest {

    @Test
    void openApiDescribesTheCompletionNotice() {
        JsonPath doc = given().auth()
                .none()
                .queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        String post = "paths.'/syncs'.post";
        assertThat(doc.getString(post + ".requestBody.content.'application/json'.examples.'with a completion notice'"
                        + ".value.config.notify.url"))
                .isEqualTo("https://hooks.example.com/cio-sync");
        String callback = post + ".callbacks.completionNotice.'{$request.body#/config/notify/url}'.post";
        assertThat(doc.getString(callback + ".parameters[0].name")).isEqualTo("X-Cio-Sync-Job");
        assertThat(doc.getString(callback + ".requestBody.content.'application/json'.schema.$ref"))
                .isEqualTo("#/components/schemas/Notice");
        assertThat(doc.getMap(callback + ".responses")).containsKey("2XX");
        assertThat(doc.getMap("components.schemas.Notice.properties"))
                .containsKeys("id", "status", "counts", "createdAt", "startedAt", "finishedAt", "error", "retryOf")
                .doesNotContainKeys("config", "users", "usersNext", "notify");
        assertThat(doc.getString("components.schemas.Job.properties.notify.$ref"))
                .isEqualTo("#/components/schemas/NoticeStatus");
        assertThat(doc.getString("components.schemas.NoticeStatus.description")).contains("gave_up");
    }
}
