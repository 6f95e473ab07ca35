package io.ciosync;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain java.net.http client for the stand-in's own tests: raw paths, raw bodies, any credentials. */
final class StandInClient {

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    StandInClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    static String basic(String siteId, String apiKey) {
        return "Basic " + Base64.getEncoder().encodeToString((siteId + ":" + apiKey).getBytes(StandardCharsets.UTF_8));
    }

    static JsonNode json(HttpResponse<String> response) {
        return JsonMapper.shared().readTree(response.body());
    }

    static String json(Map<String, ?> value) {
        return JsonMapper.shared().writeValueAsString(value);
    }

    /** PUT /api/v1/customers/{rawIdentifier} with the default credentials; the identifier is sent as given. */
    HttpResponse<String> identify(String rawIdentifier, String body) throws IOException, InterruptedException {
        return send(request("/api/v1/customers/" + rawIdentifier).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> batch(String body) throws IOException, InterruptedException {
        return send(request("/api/v2/batch").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> region(String authorization) throws IOException, InterruptedException {
        return send(request("/api/v1/accounts/region")
                .setHeader("Authorization", authorization)
                .GET());
    }

    /** A request to {@code rawPath} with JSON content type and the default credentials. */
    HttpRequest.Builder request(String rawPath) {
        return HttpRequest.newBuilder(URI.create(baseUrl + rawPath))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", basic("your_site_id", "your_api_key"));
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpClient http() {
        return http;
    }
}
