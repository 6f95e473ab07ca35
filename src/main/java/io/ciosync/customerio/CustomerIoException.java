package io.ciosync.customerio;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An answer from Customer.io other than success, classified once: {@link Transient} is retried,
 * {@link Rejected} fails that user, {@link Unauthorized} fails the whole job. Messages never contain credentials.
 */
public abstract sealed class CustomerIoException extends RuntimeException {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REASON_CHARS = 500;

    private final int status;

    CustomerIoException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** The HTTP status Customer.io answered. */
    public int status() {
        return status;
    }

    /** 408, 429 and 5xx: worth another try, after {@code retryAfter} when Customer.io asked for it. */
    public static final class Transient extends CustomerIoException {
        private final Duration retryAfter;

        Transient(int status, String message, Duration retryAfter) {
            super(status, message);
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }

    /** A 4xx other than 401/403/408/429: this user's request is wrong and resending it will not help. */
    public static final class Rejected extends CustomerIoException {
        Rejected(int status, String message) {
            super(status, message);
        }
    }

    /** 401/403: the job's credentials are refused; every other user of the job would fail the same way. */
    public static final class Unauthorized extends CustomerIoException {
        Unauthorized(int status, String message) {
            super(status, message);
        }
    }

    static CustomerIoException fromResponse(Response response) {
        int status = response.getStatus();
        String reason = reason(response);
        if (status == 401 || status == 403) {
            return new Unauthorized(status, "Customer.io refused the site id / API key (HTTP " + status + ")");
        }
        if (status == 408 || status == 429 || status >= 500) {
            return new Transient(status, "HTTP " + status + reason, retryAfter(response));
        }
        return new Rejected(status, "HTTP " + status + reason);
    }

    /** Customer.io's own words: {@code meta.errors[]}, {@code meta.error} or {@code errors[].message}. */
    private static String reason(Response response) {
        try {
            if (!response.hasEntity()) {
                return "";
            }
            String body = response.readEntity(String.class);
            List<String> messages = new ArrayList<>();
            JsonNode root = JSON.readTree(body);
            JsonNode meta = root.path("meta");
            meta.path("errors").forEach(e -> messages.add(e.isTextual() ? e.textValue() : e.toString()));
            if (meta.path("error").isTextual()) {
                messages.add(meta.path("error").textValue());
            }
            root.path("errors").forEach(e -> messages.add(e.path("message").asText(e.toString())));
            String joined = messages.isEmpty() ? body : String.join("; ", messages);
            joined = joined.length() > MAX_REASON_CHARS ? joined.substring(0, MAX_REASON_CHARS) + "…" : joined;
            return joined.isBlank() ? "" : ": " + joined;
        } catch (Exception e) {
            return "";
        }
    }

    private static Duration retryAfter(Response response) {
        String value = response.getHeaderString(HttpHeaders.RETRY_AFTER);
        if (value == null) {
            return Duration.ZERO;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            try {
                var when = java.time.ZonedDateTime.parse(
                        value.trim(), java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(java.time.Instant.now(), when.toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (RuntimeException ignored) {
                return Duration.ZERO;
            }
        }
    }
}
