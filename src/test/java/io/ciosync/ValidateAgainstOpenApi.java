package io.ciosync;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.filter.FilterContext;
import io.restassured.filter.OrderedFilter;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

import tools.jackson.databind.json.JsonMapper;

/**
 * Checks every REST Assured exchange of every {@code @QuarkusTest} with the service under test against the OpenAPI
 * document it serves ({@link OpenApiContract}): an undocumented path, query parameter, status, content type or
 * field fails the test that caused it. Installed as a global REST Assured filter before each test (registered in
 * {@code META-INF/services/io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback}), so new tests are covered
 * without doing anything. Not checked: {@code /q/*} (OpenAPI, health, Swagger UI) and requests to any other port
 * than the service's (the Customer.io stand-in, notice receivers).
 */
public class ValidateAgainstOpenApi implements QuarkusTestBeforeEachCallback, OrderedFilter {

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        if (RestAssured.filters().stream().noneMatch(f -> f instanceof ValidateAgainstOpenApi)) {
            RestAssured.filters(new ValidateAgainstOpenApi());
        }
    }

    @Override
    public int getOrder() {
        return OrderedFilter.LOWEST_PRECEDENCE; // sees the request as sent, after any other filter
    }

    @Override
    public Response filter(
            FilterableRequestSpecification request, FilterableResponseSpecification responseSpec, FilterContext ctx) {
        Response response = ctx.next(request, responseSpec);
        URI uri = URI.create(request.getURI());
        if (uri.getPort() != RestAssured.port || uri.getRawPath().startsWith("/q/")) {
            return response;
        }
        List<String> query = new ArrayList<>(request.getQueryParams().keySet());
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String name = pair.split("=", 2)[0];
                if (!query.contains(name)) {
                    query.add(name);
                }
            }
        }
        String requestBody = request.getMultiPartParams().isEmpty() ? text(request.getBody()) : null;
        String responseBody = response.asString();
        OpenApiContract.Exchange exchange = new OpenApiContract.Exchange(
                request.getMethod(),
                uri.getRawPath(),
                query,
                request.getContentType(),
                requestBody,
                response.statusCode(),
                response.contentType(),
                responseBody == null || responseBody.isEmpty() ? null : responseBody);
        List<String> violations = OpenApiContract.servedBy(
                        uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort())
                .violations(exchange);
        if (!violations.isEmpty()) {
            throw new AssertionError("the exchange does not match the served OpenAPI document (/q/openapi):\n  "
                    + String.join("\n  ", violations));
        }
        return response;
    }

    /** The body as sent, when it is text or an object REST Assured serialized as JSON. */
    private static String text(Object body) {
        return switch (body) {
            case null -> null;
            case String s -> s;
            case byte[] bytes -> new String(bytes, StandardCharsets.UTF_8);
            case java.util.Map<?, ?> m -> JsonMapper.shared().writeValueAsString(m);
            case java.util.Collection<?> c -> JsonMapper.shared().writeValueAsString(c);
            default -> null;
        };
    }
}
