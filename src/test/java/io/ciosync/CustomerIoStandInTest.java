package io.ciosync;

import static io.ciosync.StandInClient.basic;
import static io.ciosync.StandInClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stand-in answers the Track API as Customer.io does: auth, identifiers, limits, spec, batches. */
class CustomerIoStandInTest {

    private static CustomerIoStandIn cio;
    private static StandInClient client;

    @BeforeAll
    static void start() {
        cio = CustomerIoStandIn.start(0);
        client = new StandInClient(cio.baseUrl());
    }

    @AfterAll
    static void stop() {
        cio.close();
    }

    @BeforeEach
    void reset() {
        cio.reset();
    }

    @Test
    void identifyMergesAttributesAndKeepsDecimals() throws Exception {
        HttpResponse<String> first = client.identify("42", "{\"email\":\"Jane@Example.com\",\"ltv\":123.45}");
        HttpResponse<String> second =
                client.identify("42", "{\"plan\":\"pro\",\"active\":true,\"_timestamp\":1700000000}");

        assertEquals(200, first.statusCode());
        assertEquals("{}", first.body());
        assertEquals(200, second.statusCode());
        assertEquals(
                Optional.of(Map.of("email", "Jane@Example.com", "ltv", 123.45, "plan", "pro", "active", true)),
                cio.person("42"));
        assertEquals(1, cio.peopleCount());
        assertEquals(2, cio.identifyCount("42"));
        assertEquals(List.of(), cio.specViolations());
    }

    @Test
    void credentialsAreCheckedAndResetRestoresTheDefaults() throws Exception {
        HttpResponse<String> wrongKey = client.send(client.request("/api/v1/customers/42")
                .setHeader("Authorization", basic("your_site_id", "wrong"))
                .PUT(HttpRequest.BodyPublishers.ofString("{}")));
        HttpResponse<String> otherDefault = client.region(basic("site", "key"));
        int environment = cio.acceptCredentials("workspace-7", "secret");
        HttpResponse<String> added = client.region(basic("workspace-7", "secret"));
        cio.reset();
        HttpResponse<String> afterReset = client.region(basic("workspace-7", "secret"));

        assertEquals(401, wrongKey.statusCode());
        assertTrue(json(wrongKey).path("meta").path("error").isString(), wrongKey.body());
        assertEquals(200, otherDefault.statusCode());
        assertEquals(2, json(otherDefault).path("environment_id").asInt());
        assertEquals(3, environment);
        assertEquals(200, added.statusCode());
        assertEquals(3, json(added).path("environment_id").asInt());
        assertEquals(401, afterReset.statusCode());
        assertEquals(Optional.empty(), cio.person("42"));
    }

    @Test
    void requestWithoutAuthorizationIs401() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(java.net.URI.create(cio.baseUrl() + "/api/v2/batch"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"batch\":[]}"))
                .build();

        HttpResponse<String> response = client.http().send(request, HttpResponse.BodyHandlers.ofString());

        assertEquals(401, response.statusCode());
        assertEquals(
                "unauthorized",
                json(response).path("errors").path(0).path("reason").asString());
        assertEquals(1, cio.requestCount());
        assertEquals(null, cio.requests().getFirst().siteId());
    }

    @Test
    void regionAnswersItsOwnUrlRegionAndWorkspace() throws Exception {
        HttpResponse<String> response = client.region(basic("your_site_id", "your_api_key"));

        assertEquals(200, response.statusCode());
        assertEquals(
                Map.of("url", cio.baseUrl(), "region", "us", "environment_id", 1),
                tools.jackson.databind.json.JsonMapper.shared().readValue(response.body(), Map.class));
    }

    @Test
    void encodedSlashIsOneIdentifierWhileARawSlashIsNotFound() throws Exception {
        HttpResponse<String> encoded = client.identify("team%2F7", "{\"a\":\"1\"}");
        HttpResponse<String> raw = client.identify("team/7", "{\"a\":\"2\"}");
        HttpResponse<String> plus = client.identify("a+b%20c", "{\"a\":\"3\"}");

        assertEquals(200, encoded.statusCode());
        assertEquals(404, raw.statusCode());
        assertEquals(200, plus.statusCode());
        assertEquals(Optional.of(Map.of("a", "1")), cio.person("team/7"));
        assertEquals(Optional.of(Map.of("a", "3")), cio.person("a+b c"), "'+' is not a space in a path");
        assertEquals(2, cio.peopleCount());
        assertEquals(1, cio.identifyCount("team/7"), "the raw-slash request was routed nowhere");
        assertEquals("/api/v1/customers/team%2F7", cio.requests().getFirst().rawPath());
    }

    @Test
    void identifierIsAtMost150BytesAndNotBlank() throws Exception {
        String twoByteChars = "%C3%A9".repeat(75); // "é" x 75 = 150 bytes
        HttpResponse<String> atLimit = client.identify(twoByteChars, "{}");
        HttpResponse<String> overLimit = client.identify("x".repeat(151), "{}");
        HttpResponse<String> blank = client.identify("%20", "{}");
        HttpResponse<String> badEncoding = client.identify("%E9", "{}");

        assertEquals(200, atLimit.statusCode());
        assertEquals(Optional.of(Map.of()), cio.person("é".repeat(75)));
        assertEquals(400, overLimit.statusCode());
        assertEquals(
                "identifier: 151 bytes; the limit is 150",
                json(overLimit).at("/meta/errors/0").asString());
        assertEquals(400, blank.statusCode());
        assertEquals(400, badEncoding.statusCode());
        assertEquals(1, cio.peopleCount());
    }

    @Test
    void attributeLimitsAreCountNameAndValueBytes() throws Exception {
        HttpResponse<String> atLimits = client.identify("a", StandInClient.json(attributes(300)));
        HttpResponse<String> tooMany = client.identify("b", StandInClient.json(attributes(301)));
        HttpResponse<String> longName = client.identify("c", StandInClient.json(Map.of("n".repeat(151), "v")));
        HttpResponse<String> longValue = client.identify("d", StandInClient.json(Map.of("v", "ü".repeat(500) + "x")));
        HttpResponse<String> longestValue = client.identify("e", StandInClient.json(Map.of("v", "ü".repeat(500))));

        assertEquals(200, atLimits.statusCode());
        assertEquals(400, tooMany.statusCode());
        assertEquals(
                "too many attributes: 301; the limit is 300",
                json(tooMany).at("/meta/errors/0").asString());
        assertEquals(400, longName.statusCode());
        assertEquals(400, longValue.statusCode());
        assertEquals(
                "attribute v: value of 1001 bytes; the limit is 1000",
                json(longValue).at("/meta/errors/0").asString());
        assertEquals(200, longestValue.statusCode());
        assertEquals(
                List.of("a", "e"),
                List.of("a", "b", "c", "d", "e").stream()
                        .filter(id -> cio.person(id).isPresent())
                        .toList());
        assertEquals(List.of(), cio.specViolations(), "limits are Customer.io's, not the spec's");
    }

    @Test
    void v1BodyOutsideTheSpecIsRejectedAndRecorded() throws Exception {
        HttpResponse<String> array = client.identify("a", "{\"tags\":[\"x\"]}");
        HttpResponse<String> numericId = client.identify("b", "{\"id\":5}");
        HttpResponse<String> notJson = client.identify("c", "{");

        assertEquals(400, array.statusCode());
        assertEquals(400, numericId.statusCode());
        assertEquals(
                "/id: integer found, string expected",
                json(numericId).at("/meta/errors/0").asString());
        assertEquals(400, notJson.statusCode());
        assertEquals(3, cio.specViolations().size());
        assertTrue(
                cio.specViolations().stream().allMatch(v -> v.startsWith("PUT /api/v1/customers/{identifier}: ")),
                cio.specViolations().toString());
        assertEquals(0, cio.peopleCount());
    }

    @Test
    void contentTypeMustBeJsonAndUnknownPathsAreNotFound() throws Exception {
        HttpResponse<String> text = client.send(client.request("/api/v1/customers/a")
                .setHeader("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofString("{}")));
        HttpResponse<String> unknown =
                client.send(client.request("/api/v1/people/a").GET());
        HttpResponse<String> wrongMethod =
                client.send(client.request("/api/v2/batch").GET());

        assertEquals(415, text.statusCode());
        assertEquals(404, unknown.statusCode());
        assertEquals(404, wrongMethod.statusCode());
        assertEquals(3, cio.requestCount());
    }

    @Test
    void updateOnlyNeverCreatesAPerson() throws Exception {
        client.identify("new", "{\"_update\":true,\"a\":\"1\"}");
        client.identify("old", "{\"a\":\"1\"}");
        client.identify("old", "{\"_update\":true,\"b\":\"2\"}");

        assertEquals(Optional.empty(), cio.person("new"));
        assertEquals(Optional.of(Map.of("a", "1", "b", "2")), cio.person("old"));
    }

    @Test
    void batchStoresPeopleByIdEmailAndCioId() throws Exception {
        HttpResponse<String> response = client.batch(batch(
                identify(Map.of("id", "42"), Map.of("plan", "pro", "nested", Map.of("x", List.of(1, 2)))),
                identify(Map.of("email", "Jane@Example.com"), Map.of("first_name", "Jane")),
                identify(Map.of("cio_id", "a1b2"), Map.of("n", 1)),
                Map.of("type", "person", "identifiers", Map.of("id", "42"), "action", "event", "name", "signed_up")));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("{}", response.body());
        assertEquals(Optional.of(Map.of("plan", "pro", "nested", Map.of("x", List.of(1, 2)))), cio.person("42"));
        assertEquals(Optional.of(Map.of("first_name", "Jane")), cio.person("jane@example.com"));
        assertEquals(Optional.of(Map.of("n", 1)), cio.person("cio_a1b2"));
        assertEquals(List.of(), cio.specViolations());
    }

    @Test
    void batchEntryWithoutIdentifiersIsASpecViolation() throws Exception {
        HttpResponse<String> response = client.batch(batch(
                identify(Map.of("id", "1"), Map.of()),
                Map.of("type", "person", "action", "identify", "attributes", Map.of("a", 1))));

        assertEquals(207, response.statusCode());
        assertEquals(1, json(response).path("errors").size());
        assertEquals(1, json(response).at("/errors/0/batch_index").asInt());
        assertEquals(
                List.of("POST /api/v2/batch: batch/1: required property 'identifiers' not found"),
                cio.specViolations());
        assertEquals(1, cio.peopleCount());
    }

    @Test
    void mixedBatchAnswers207NamingTheRejectedEntries() throws Exception {
        HttpResponse<String> response = client.batch(batch(
                identify(Map.of("id", "ok-0"), Map.of("a", 1)),
                identify(Map.of("id", "two", "email", "two@example.com"), Map.of()),
                identify(
                        Map.of("id", "big"),
                        Map.of("blob", "x".repeat(999), "more", "y".repeat(999), "much", List.of("z".repeat(31_000)))),
                identify(Map.of("email", "ok-3@example.com"), Map.of()),
                identify(Map.of("id", "i".repeat(151)), Map.of()),
                identify(Map.of("id", "ok-5"), attributes(301))));

        assertEquals(207, response.statusCode());
        assertEquals(
                List.of(1, 2, 4, 5),
                json(response)
                        .path("errors")
                        .valueStream()
                        .map(error -> error.path("batch_index").asInt())
                        .toList(),
                response.body());
        assertEquals("identifiers", json(response).at("/errors/0/field").asString());
        assertEquals("too_large", json(response).at("/errors/1/reason").asString());
        assertEquals(Optional.of(Map.of("a", 1)), cio.person("ok-0"));
        assertEquals(Optional.of(Map.of()), cio.person("ok-3@example.com"));
        assertEquals(2, cio.peopleCount());
        assertEquals(1, cio.specViolations().size(), "only the entry with two identifiers breaks the spec");
    }

    @Test
    void malformedOrOversizeBatchIsRejectedWhole() throws Exception {
        HttpResponse<String> notArray = client.batch("{\"batch\":{}}");
        HttpResponse<String> missing = client.batch("{}");
        HttpResponse<String> atLimit = client.batch(paddedBatch(StandInTrackApi.MAX_BATCH_BYTES));
        HttpResponse<String> underLimit = client.batch(paddedBatch(StandInTrackApi.MAX_BATCH_BYTES - 1));

        assertEquals(400, notArray.statusCode());
        assertEquals("batch", json(notArray).at("/errors/0/field").asString());
        assertEquals(400, missing.statusCode());
        assertEquals(413, atLimit.statusCode());
        assertEquals(200, underLimit.statusCode(), underLimit.body());
        assertEquals(1, cio.specViolations().size(), "a missing batch is not against the spec, which omits 'required'");
    }

    @Test
    void batchEntriesOfAnyShapeAreRejectedByIndex() throws Exception {
        HttpResponse<String> response = client.batch(
                "{\"batch\":[1,\"x\",[],{\"type\":{\"a\":1},\"identifiers\":{\"id\":\"1\"},\"action\":\"identify\"}]}");

        assertEquals(207, response.statusCode(), response.body());
        assertEquals(
                List.of(0, 1, 2, 3),
                json(response)
                        .path("errors")
                        .valueStream()
                        .map(error -> error.path("batch_index").asInt())
                        .toList());
        assertEquals(4, cio.specViolations().size());
    }

    /** A valid batch of small entries padded with whitespace to exactly {@code bytes} bytes. */
    private static String paddedBatch(int bytes) {
        String entry = StandInClient.json(identify(Map.of("id", "p"), Map.of("a", 1)));
        StringBuilder body = new StringBuilder("{\"batch\":[");
        while (body.length() + entry.length() + 3 < bytes) {
            body.append(entry).append(',');
        }
        body.setLength(body.length() - 1);
        body.append("]}");
        return body.toString() + " ".repeat(bytes - body.length());
    }

    private static Map<String, Object> attributes(int count) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        IntStream.range(0, count).forEach(i -> attributes.put("attr_" + i, i));
        return attributes;
    }

    private static Map<String, Object> identify(Map<String, String> identifiers, Map<String, ?> attributes) {
        return Map.of("type", "person", "identifiers", identifiers, "action", "identify", "attributes", attributes);
    }

    private static String batch(Map<?, ?>... entries) {
        return StandInClient.json(Map.of("batch", List.of(entries)));
    }
}
