package io.ciosync;

import static io.ciosync.StandInClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ciosync.CustomerIoStandIn.Fault;
import io.ciosync.CustomerIoStandIn.RecordedRequest;

/** The stand-in's faults, latency and recording: what retry, timeout and rate-limit tests rely on. */
class CustomerIoStandInFaultsTest {

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

    @AfterEach
    void realClock() {
        cio.clock(System::nanoTime);
    }

    @Test
    void scriptedFaultsComeFirstThenNormalHandling() throws Exception {
        cio.script("u1", Fault.status(503), Fault.status(503));

        List<Integer> statuses = List.of(
                client.identify("u1", "{\"a\":\"1\"}").statusCode(),
                client.identify("u2", "{\"a\":\"2\"}").statusCode(),
                client.identify("u1", "{\"a\":\"1\"}").statusCode(),
                client.identify("u1", "{\"a\":\"1\"}").statusCode());

        assertEquals(List.of(503, 200, 503, 200), statuses);
        assertEquals(3, cio.identifyCount("u1"));
        assertEquals(
                List.of(503, 503, 200),
                cio.requests().stream()
                        .filter(r -> "u1".equals(r.identifier()))
                        .map(RecordedRequest::status)
                        .toList());
        assertEquals(Optional.of(Map.of("a", "1")), cio.person("u1"));
    }

    @Test
    void scriptNextAppliesToAnyRequestBeforePerIdentifierScripts() throws Exception {
        cio.script("u1", Fault.status(500));
        cio.scriptNext(Fault.status(502, "<html>bad gateway</html>"));

        HttpResponse<String> first = client.identify("u1", "{}");
        HttpResponse<String> second = client.identify("u1", "{}");
        HttpResponse<String> third = client.identify("u1", "{}");

        assertEquals(502, first.statusCode());
        assertEquals("<html>bad gateway</html>", first.body());
        assertEquals(500, second.statusCode());
        assertEquals(200, third.statusCode());
    }

    @Test
    void retryAfterIsA429WithTheHeader() throws Exception {
        cio.scriptNext(Fault.retryAfter(7));

        HttpResponse<String> limited = client.batch("{\"batch\":[]}");
        HttpResponse<String> next = client.batch("{\"batch\":[]}");

        assertEquals(429, limited.statusCode());
        assertEquals(Optional.of("7"), limited.headers().firstValue("Retry-After"));
        assertEquals(200, next.statusCode());
    }

    @Test
    void dropClosesTheConnectionWithoutAnswer() throws Exception {
        cio.scriptNext(Fault.drop());

        assertThrows(IOException.class, () -> client.identify("d", "{\"a\":\"1\"}"));
        HttpResponse<String> after = client.identify("e", "{\"a\":\"1\"}");

        assertEquals(2, cio.requestCount(), "the client must not have retried behind our back");
        assertEquals(RecordedRequest.DROPPED, cio.requests().getFirst().status());
        assertEquals(Optional.empty(), cio.person("d"));
        assertEquals(200, after.statusCode());
    }

    @Test
    void aGateRefusesEveryConnectionAndCountsItUntilItAcceptsAgain() throws Exception {
        try (StandInGate gate = StandInGate.before(cio)) {
            // a client per request: each opens its own connection, so the refused one is a new connection (a pooled
            // one the gate resets may fail the request without a connection being refused)
            HttpResponse<String> before = new StandInClient(gate.baseUrl()).identify("b1", "{\"a\":\"1\"}");
            gate.refuse();

            assertThrows(IOException.class, () -> new StandInClient(gate.baseUrl()).identify("r1", "{\"a\":\"1\"}"));
            // the gate counts a connection before it resets it, so the count is there when the client has failed
            int refused = gate.refusedConnections().size();
            gate.accept();
            HttpResponse<String> after = new StandInClient(gate.baseUrl()).identify("a1", "{\"a\":\"1\"}");

            assertEquals(200, before.statusCode());
            assertTrue(refused >= 1, "the refused request's connection is counted");
            assertEquals(200, after.statusCode());
            assertEquals(2, cio.requestCount(), "refused requests never reach the stand-in");
            assertEquals(Optional.empty(), cio.person("r1"));
        }
    }

    @Test
    void answerAllAndRandomFailuresStoreNothing() throws Exception {
        cio.answerAll(503, "{\"meta\":{\"error\":\"maintenance\"}}");
        HttpResponse<String> down = client.identify("a", "{}");
        cio.reset();
        cio.failRandomly(0.3, 500, 42);
        Random expected = new Random(42);
        List<Integer> expectedStatuses = IntStream.range(0, 50)
                .mapToObj(i -> expected.nextDouble() < 0.3 ? 500 : 200)
                .toList();

        List<Integer> statuses =
                IntStream.range(0, 50).mapToObj(i -> status("p" + i)).toList();

        assertEquals(503, down.statusCode());
        assertEquals("maintenance", json(down).at("/meta/error").asString());
        assertEquals(expectedStatuses, statuses);
        assertEquals(expectedStatuses.stream().filter(s -> s == 200).count(), cio.peopleCount());
    }

    @Test
    void latencyDelaysEveryAnswerButNotTheStoring() throws Exception {
        cio.latency(Duration.ofMillis(300));
        cio.scriptNext(Fault.slow(Duration.ofMillis(200)));

        long start = System.nanoTime();
        HttpResponse<String> slow = client.identify("s", "{}");
        long slowMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        start = System.nanoTime();
        HttpResponse<String> normal = client.identify("n", "{}");
        long normalMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();

        assertEquals(200, slow.statusCode());
        assertTrue(slowMillis >= 500, slowMillis + " ms");
        assertEquals(200, normal.statusCode());
        assertTrue(normalMillis >= 300, normalMillis + " ms");
        assertEquals(2, cio.peopleCount());
    }

    @Test
    void handlesHundredsOfSlowRequestsAtOnce() {
        cio.latency(Duration.ofSeconds(2));

        List<CompletableFuture<HttpResponse<String>>> responses = IntStream.range(0, 300)
                .mapToObj(i -> client.http()
                        .sendAsync(
                                client.request("/api/v1/customers/c" + i)
                                        .PUT(HttpRequest.BodyPublishers.ofString("{}"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString()))
                .toList();

        assertEquals(
                List.of(200),
                responses.stream().map(r -> r.join().statusCode()).distinct().toList());
        assertEquals(300, cio.maxConcurrentRequests());
        assertEquals(300, cio.peopleCount());
    }

    @Test
    void maxRequestsInAnySecondSlidesOverArrivalTimes() {
        Queue<Long> millis = new ArrayDeque<>(List.of(0L, 100L, 1_050L, 1_100L, 1_200L, 2_049L, 2_050L, 4_000L));
        cio.clock(() -> Duration.ofMillis(millis.remove()).toNanos());

        IntStream.range(0, 8).forEach(i -> status("r" + i));

        // [1050, 2050) holds 1050, 1100, 1200 and 2049; 2050 is one second after 1050, so outside
        assertEquals(4, cio.maxRequestsInAnySecond());
        assertEquals(8, cio.requestCount());
    }

    @Test
    void recordsEveryRequestAndCountsByPrefix() throws Exception {
        cio.storeBodies(false);
        client.identify("a", "{}");
        client.batch("{\"batch\":[]}");
        cio.storeBodies(true);
        client.identify("b", "{\"x\":\"1\"}");
        HttpResponse<String> stats =
                client.send(client.request("/__admin/stats").GET());

        assertEquals(3, cio.requestCount());
        assertEquals(2, cio.requestCount("PUT", "/api/v1/customers/"));
        assertEquals(1, cio.requestCount("POST", "/api/v2/"));
        assertEquals(
                List.of("PUT", "POST", "PUT"),
                cio.requests().stream().map(RecordedRequest::method).toList());
        assertEquals(null, cio.requests().getFirst().body());
        assertEquals("{\"x\":\"1\"}", cio.requests().getLast().body());
        assertEquals("your_site_id", cio.requests().getLast().siteId());
        assertEquals(
                Map.of(
                        "requests",
                        3,
                        "identify",
                        2,
                        "batch",
                        1,
                        "people",
                        2,
                        "acknowledged", // counted by the count-only mode (--count-only) alone
                        0,
                        "maxRequestsInAnySecond",
                        3,
                        "specViolations",
                        0),
                tools.jackson.databind.json.JsonMapper.shared().readValue(stats.body(), Map.class));
        assertEquals(
                200,
                client.send(client.request("/__admin/reset").POST(HttpRequest.BodyPublishers.noBody()))
                        .statusCode());
        assertEquals(0, cio.requestCount(), "admin requests are not recorded");
        assertEquals(0, cio.peopleCount());
    }

    private static int status(String identifier) {
        try {
            return client.identify(identifier, "{}").statusCode();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
