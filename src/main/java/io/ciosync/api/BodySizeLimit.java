package io.ciosync.api;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.ciosync.InvalidRequestException.Violation;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.quarkus.vertx.http.runtime.VertxHttpConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a body announced larger than {@code quarkus.http.limits.max-body-size} before reading any of it, as a
 * 413 problem naming the limit (Quarkus's own check, right after this one, answers without a body). A body sent
 * without Content-Length is still cut at the limit by Quarkus while it is read.
 */
@ApplicationScoped
class BodySizeLimit {

    private static final String LIMIT = "quarkus.http.limits.max-body-size";

    void install(@Observes Router router, VertxHttpConfig http, ObjectMapper json) {
        http.limits()
                .maxBodySize()
                .ifPresent(max -> router.route()
                        .order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1)
                        .handler(context -> check(context, max.asLongValue(), json)));
    }

    private static void check(RoutingContext context, long max, ObjectMapper json) {
        String announced = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (announced == null) {
            context.next();
            return;
        }
        long length;
        try {
            length = Long.parseLong(announced.trim());
        } catch (NumberFormatException e) {
            refuse(context, 400, "Bad Request", "Content-Length", "is not a number", json);
            return;
        }
        if (length <= max) {
            context.next();
            return;
        }
        refuse(context, 413, "Request too large", "body", "is larger than " + max + " bytes (" + LIMIT + ")", json);
    }

    private static void refuse(
            RoutingContext context, int status, String title, String field, String message, ObjectMapper json) {
        String body = new ProblemMapper.Problem(
                        title, status, field + " " + message, List.of(new Violation(field, message)))
                .toJson(json);
        context.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, ProblemMapper.PROBLEM_JSON)
                .putHeader(HttpHeaders.CONNECTION, "close") // the rest of the body is not read
                .endHandler(ignored -> context.request().connection().close())
                .end(body);
    }
}
