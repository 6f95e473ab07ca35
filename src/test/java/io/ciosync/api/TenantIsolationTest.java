package io.ciosync.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
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
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Files and named workspaces belong to tenants: team-b naming team-a's files (by their own path or through the files
 * root), for a job, a dry run or a schedule, gets exactly the answer of a file that does not exist, and team-b naming
 * team-a's workspace exactly that of a workspace that does not exist; Customer.io receives nothing. A tenant whose
 * directory the server config names reads its files there, and a file's content never shows in an error.
 */
@QuarkusTest
@WithTestResource(CustomerIoStandInResource.class)
class TenantIsolationTest extends BadInputCase {

    static final Path TEAM_A = Path.of("target/test-files/team-a/isolation");
    /** cio-sync.tenant-files.team-b (application.properties, %test). */
    static final Path TEAM_B = Path.of("target/test-files-of-team-b");

    @InjectCustomerIo
    CustomerIoStandIn customerIo;

    @BeforeAll
    static void files() throws IOException {
        Files.createDirectories(TEAM_A);
        Files.writeString(TEAM_A.resolve("config.json"), Jobs.ORIGINAL_CONFIG.replace("your_api_key", "team-a-key"));
        Files.writeString(TEAM_A.resolve("users.json"), "[{\"uid\": \"a-1\"}, {\"uid\": \"a-2\"}]");
        Files.writeString(TEAM_A.resolve("secret.json"), "SECRET");
        Files.createDirectories(TEAM_B);
        Files.writeString(TEAM_B.resolve("users.json"), "[{\"uid\": \"b-1\", \"name\": \"Bea\"}]");
        // what team-b would read if its own directory were not configured elsewhere
        Files.createDirectories(Path.of("target/test-files/team-b"));
        Files.writeString(Path.of("target/test-files/team-b/users.json"), "[{\"uid\": \"wrong-dir\"}]");
    }

    @BeforeEach
    void reset() {
        customerIo.reset();
    }

    private static RequestSpecification asTeamB() {
        return given().auth().oauth2(Jobs.TOKEN_B).contentType(ContentType.JSON);
    }

    private static Map<String, Object> dryRun() {
        Map<String, Object> config = Jobs.config(1);
        config.put("dryRun", true);
        return config;
    }

    @Test
    void anotherTenantsFilesAreNotFoundExactlyLikeMissingOnes() {
        String missing = refused(
                        asTeamB()
                                .body(Map.of("configFile", "isolation/nope.json", "data", Jobs.users("b", 1)))
                                .post("/syncs"),
                        404,
                        "configFile")
                .prettify();
        for (String theirs : List.of("isolation/config.json", "team-a/isolation/config.json")) {
            Response answer = asTeamB()
                    .body(Map.of("configFile", theirs, "data", Jobs.users("b", 1)))
                    .post("/syncs");
            assertThat(refused(answer, 404, "configFile").prettify()).isEqualTo(missing);
        }
        String missingData = refused(
                        asTeamB()
                                .body(Map.of("config", dryRun(), "dataFile", "isolation/nope.json"))
                                .post("/syncs"),
                        404,
                        "dataFile")
                .prettify();
        for (String theirs : List.of("isolation/users.json", "team-a/isolation/users.json")) {
            Response preview = asTeamB()
                    .body(Map.of("config", dryRun(), "dataFile", theirs))
                    .post("/syncs");
            assertThat(refused(preview, 404, "dataFile").prettify()).isEqualTo(missingData);
        }
        assertThat(customerIo.requestCount()).isZero();
    }

    @Test
    void aScheduleOfAnotherTenantsFileIsRefusedLikeOneOfAMissingFile() {
        Map<String, Object> schedule =
                Map.of("cron", "0 0 2 * * ?", "config", Jobs.config(1), "dataFile", "isolation/users.json");
        JsonPath theirs = refused(asTeamB().body(schedule).post("/schedules"), 404, "dataFile");
        JsonPath missing = refused(
                asTeamB()
                        .body(Map.of(
                                "cron", "0 0 2 * * ?", "config", Jobs.config(1), "dataFile", "isolation/nope.json"))
                        .post("/schedules"),
                404,
                "dataFile");

        assertThat(theirs.prettify()).isEqualTo(missing.prettify());
        asTeamB().get("/schedules").then().statusCode(200).body("items.size()", org.hamcrest.Matchers.is(0));
    }

    @Test
    void aWorkspaceOfOtherTenantsIsRefusedInTheWordsOfAnUnknownOne() {
        Map<String, Object> prod =
                Map.of("workspace", "prod", "userId", "uid", "mappings", List.of(Map.of("from", "name", "to", "name")));
        Map<String, Object> unknown = Map.of(
                "workspace", "staging", "userId", "uid", "mappings", List.of(Map.of("from", "name", "to", "name")));

        JsonPath refusedProd = refused(
                asTeamB()
                        .body(Map.of("config", prod, "data", Jobs.users("b", 1)))
                        .post("/syncs"),
                400,
                "config.workspace");
        JsonPath refusedUnknown = refused(
                asTeamB()
                        .body(Map.of("config", unknown, "data", Jobs.users("b", 1)))
                        .post("/syncs"),
                400,
                "config.workspace");
        JsonPath refusedSchedule = refused(
                asTeamB()
                        .body(Map.of("cron", "0 0 2 * * ?", "config", prod, "dataFile", "users.json"))
                        .post("/schedules"),
                400,
                "config.workspace");

        assertThat(refusedProd.getString("errors[0].message"))
                .isEqualTo(refusedUnknown.getString("errors[0].message").replace("'staging'", "'prod'"))
                .isEqualTo(refusedSchedule.getString("errors[0].message"))
                .isEqualTo("'prod' is not a workspace configured on this server (cio-sync.workspaces)");
        assertThat(customerIo.requestCount()).isZero();
    }

    @Test
    void eachTenantReadsItsOwnDirectoryTheConfiguredOneIfNamed() {
        JsonPath a = Jobs.awaitFinished(Jobs.submit(Map.of("config", dryRun(), "dataFile", "isolation/users.json")));
        assertThat(a.getList("dryRun.preview.userId")).containsExactly("a-1", "a-2");
        String id = asTeamB()
                .body(Map.of("config", dryRun(), "dataFile", "users.json"))
                .post("/syncs")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        JsonPath b = org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .until(
                        () -> given().auth()
                                .oauth2(Jobs.TOKEN_B)
                                .get("/syncs/" + id)
                                .then()
                                .extract()
                                .jsonPath(),
                        doc -> Jobs.FINISHED.contains(doc.getString("status")));
        assertThat(b.getList("dryRun.preview.userId")).containsExactly("b-1");
        assertThat(customerIo.requestCount()).isZero();
    }

    @Test
    void noErrorQuotesAFilesContent() {
        Response data = given().contentType(ContentType.JSON)
                .body(Map.of("config", Jobs.config(1), "dataFile", "isolation/secret.json"))
                .post("/syncs");
        Response config = given().contentType(ContentType.JSON)
                .body(Map.of("configFile", "isolation/secret.json", "data", Jobs.users("a", 1)))
                .post("/syncs");

        assertThat(refused(data, 400, "dataFile").getString("errors[0].message"))
                .startsWith("is not valid JSON");
        assertThat(refused(config, 400, "configFile").getString("errors[0].message"))
                .startsWith("is not valid JSON");
        assertThat(data.asString() + config.asString()).doesNotContain("SECRET");
    }
}
