package io.ciosync.api;

import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ciosync.InvalidRequestException;
import io.ciosync.InvalidRequestException.Violation;
import io.ciosync.store.Database;
import io.ciosync.store.DatabaseOutage;
import io.ciosync.store.InsufficientStorageException;
import io.quarkus.logging.Log;
import io.vertx.core.http.HttpClosedException;

/** Every error answer is {@code application/problem+json} (RFC 9457); no class names or stack traces leak. */
public class ProblemMapper {

    public static final String PROBLEM_JSON = "application/problem+json";
    /** Seconds a client is asked to wait after a 503 for a failed database (a failover takes about this long). */
    static final int RETRY_AFTER_SECONDS = 10;

    private static final Pattern TOO_MANY_PARTS = Pattern.compile("Param limit of (\\d+) was exceeded");

    /** The problem document; {@code errors} names each problem in the request. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Problem(String type, String title, int status, String detail, List<Violation> errors) {

        public Problem(String title, int status, String detail, List<Violation> errors) {
            this("about:blank", title, status, detail, errors);
        }

        /** This problem as JSON text, for answers written below JAX-RS (authentication, early limits). */
        public String toJson(ObjectMapper json) {
            try {
                return json.writeValueAsString(this);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a problem document is always serializable", e);
            }
        }
    }

    @ServerExceptionMapper
    Response invalid(InvalidRequestException e) {
        String title = e.status() == 413
                ? "Request too large"
                : e.status() == 409 ? "Conflict" : e.status() == 404 ? "Not Found" : "Invalid sync request";
        String detail = e.violations().size() == 1
                ? e.violations().get(0).field() + ": " + e.violations().get(0).message()
                : e.violations().size() + " problems; see errors";
        return problem(e.status(), title, detail, e.violations());
    }

    @ServerExceptionMapper
    Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String title = Response.Status.fromStatusCode(status) == null
                ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase();
        return problem(status, title, e.getMessage(), List.of());
    }

    /**
     * A 507 problem with the space the job needs and the space free, in bytes, as members of their own
     * ({@code neededBytes} is absent when the space ran out while the job was being stored).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StorageProblem(
            String type,
            String title,
            int status,
            String detail,
            Long neededBytes,
            long freeBytes,
            long reserveBytes) {}

    @ServerExceptionMapper
    Response store(Database.StoreException e) {
        if (!DatabaseOutage.unreachable(e)) { // the database out of reach is logged once, as an outage
            Log.error("database error while answering a request", e);
        }
        return Response.fromResponse(problem(
                        503,
                        "Service Unavailable",
                        "the database is not available; try again " + "in " + RETRY_AFTER_SECONDS + " s",
                        List.of()))
                .header("Retry-After", RETRY_AFTER_SECONDS)
                .build();
    }

    @ServerExceptionMapper
    Response noRoom(InsufficientStorageException e) {
        Log.warnf("a job was refused: %s", e.getMessage());
        Long needed = e.needed() == 0 ? null : e.needed();
        return Response.status(507)
                .type(MediaType.valueOf(PROBLEM_JSON))
                .entity(new StorageProblem(
                        "about:blank", "Insufficient Storage", 507, e.getMessage(), needed, e.free(), e.reserve()))
                .build();
    }

    @ServerExceptionMapper
    Response unexpected(RuntimeException e) {
        Matcher parts = TOO_MANY_PARTS.matcher(String.valueOf(e.getMessage()));
        if (parts.matches()) { // thrown by the multipart reader as a bare RuntimeException
            String message = "has more than " + parts.group(1) + " parts (quarkus.http.limits.max-parameters)";
            return problem(413, "Request too large", "body " + message, List.of(new Violation("body", message)));
        }
        if (clientWentAway(e)) { // nobody is left to read an answer; the client knows it gave up
            Log.debugf("a client closed its connection before its request was read: %s", e.getMessage());
            return problem(400, "Bad Request", "the request ended before its body was complete", List.of());
        }
        Log.error("unexpected error while answering a request", e);
        return problem(500, "Internal Server Error", "an unexpected error occurred; it has been logged", List.of());
    }

    /** Whether {@code e} comes of the client closing its connection while its body was being read. */
    static boolean clientWentAway(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpClosedException || cause instanceof ClosedChannelException) {
                return true;
            }
        }
        return false;
    }

    static Response problem(int status, String title, String detail, List<Violation> errors) {
        return Response.status(status)
                .type(MediaType.valueOf(PROBLEM_JSON))
                .entity(new Problem(title, status, detail, errors))
                .build();
    }
}
