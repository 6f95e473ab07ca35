package io.ciosync.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A job on a running service, read with {@code GET /syncs/{id}} and {@code GET /syncs/{id}/users}. */
final class RemoteJob implements WatchedJob {

    private static final int PAGE = 1000;
    private static final int ATTEMPTS = 10; // a replica restarting behind a load balancer is not the job failing

    private final HttpClient http;
    private final URI server;
    private final Optional<String> token;
    private final ObjectMapper json;
    private final String id;

    RemoteJob(HttpClient http, URI server, Optional<String> token, ObjectMapper json, String id) {
        this.http = http;
        this.server = server;
        this.token = token;
        this.json = json;
        this.id = id;
    }

    /** A request to {@code path} of the service, with the token when there is one. */
    static HttpRequest.Builder request(URI server, Optional<String> token, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server + path))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json");
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        return request;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Snapshot poll() {
        JsonNode job = get("/syncs/" + id);
        JsonNode counts = job.path("counts");
        List<String> warnings = new ArrayList<>();
        job.path("warnings").forEach(w -> warnings.add(w.asText()));
        return new Snapshot(
                job.path("status").asText(),
                counts.path("total").asInt(),
                counts.path("synced").asInt(),
                counts.path("failed").asInt(),
                counts.path("skipped").asInt(),
                job.hasNonNull("error") ? job.get("error").asText() : null,
                warnings);
    }

    @Override
    public void problems(Consumer<Problem> each) {
        for (String outcome : List.of("failed", "skipped")) {
            String after = null;
            do {
                JsonNode page = get("/syncs/" + id + "/users?outcome=" + outcome + "&limit=" + PAGE
                        + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8)));
                for (JsonNode u : page.path("items")) {
                    each.accept(new Problem(
                            u.path("userId").asText(null),
                            u.path("outcome").asText(),
                            u.hasNonNull("httpStatus") ? u.get("httpStatus").asInt() : null,
                            u.path("attempts").asInt(),
                            u.hasNonNull("error") ? u.get("error").asText() : null));
                }
                after = page.hasNonNull("next") ? page.get("next").asText() : null;
            } while (after != null);
        }
    }

    private JsonNode get(String path) {
        IOException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                HttpResponse<String> response =
                        http.send(request(server, token, path).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return json.readTree(response.body());
                }
                if (response.statusCode() < 500) {
                    throw new IllegalStateException("GET " + path + " answered HTTP " + response.statusCode());
                }
                last = new IOException("HTTP " + response.statusCode());
            } catch (IOException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            pause(Duration.ofSeconds(1));
        }
        throw new UncheckedIOException("GET " + path + " failed " + ATTEMPTS + " times", last);
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
