package io.ciosync;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** What {@link ValidateAgainstOpenApi} holds every test's traffic to: undocumented things are violations. */
@QuarkusTest
@WithTestResource(CustomerIoStandInResource.class)
class OpenApiContractTest {

    private static final String JOB = """
            {"id":"j","status":"succeeded","counts":{"total":1,"pending":0,"synced":1,"failed":0,"skipped":0,
             "cancelled":0,"unchanged":0,"wouldSync":0},"createdAt":"2026-12-02T03:00:00Z","startedAt":null,
             "finishedAt":null,"error":null,"config":{"userId":"uid"},"users":[{"userId":"u","outcome":"synced",
             "httpStatus":null,"attempts":1,"error":null}],"usersNext":null,"links":{"self":"/syncs/j",
             "users":"/syncs/j/users"}%s}""";

    @TestHTTPResource("/")
    URL root;

    @Test
    void aDocumentedExchangeConformsWithItsNulls() {
        assertThat(contract().violations(exchange("GET", "/syncs/j", 200, JOB.formatted(""))))
                .isEmpty();
    }

    @Test
    void anUndocumentedFieldStatusPathOrQueryParameterIsAViolation() {
        OpenApiContract contract = contract();

        assertThat(contract.violations(exchange("GET", "/syncs/j", 200, JOB.formatted(",\"bogus\":1"))))
                .singleElement()
                .asString()
                .contains("bogus");
        assertThat(contract.violations(exchange("POST", "/syncs/j/cancel", 418, null)))
                .singleElement()
                .asString()
                .contains("status 418 is not documented");
        assertThat(contract.violations(exchange("GET", "/nowhere", 200, null)))
                .singleElement()
                .asString()
                .contains("path is not documented");
        assertThat(contract.violations(new OpenApiContract.Exchange(
                        "GET",
                        "/syncs",
                        List.of("sort"),
                        null,
                        null,
                        200,
                        "application/json",
                        "{\"items\":[],\"next\":null}")))
                .singleElement()
                .asString()
                .contains("query parameter 'sort'");
        assertThat(contract.violations(exchange(
                        "GET",
                        "/syncs/j",
                        200,
                        JOB.formatted("").replace("\"status\":\"succeeded\"", "\"status\":null"))))
                .isNotEmpty();
    }

    private OpenApiContract contract() {
        return OpenApiContract.servedBy(root.getProtocol() + "://" + root.getHost() + ":" + root.getPort());
    }

    private static OpenApiContract.Exchange exchange(String method, String path, int status, String body) {
        return new OpenApiContract.Exchange(method, path, List.of(), null, null, status, "application/json", body);
    }
}
