package io.ciosync;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.ciosync.StandInTrackApi.Reply;
import io.ciosync.StandInTrackApi.Route;

import tools.jackson.databind.json.JsonMapper;

/**
 * An in-process stand-in for Customer.io's Track API ({@code PUT /api/v1/customers/{identifier}},
 * {@code POST /api/v2/batch}, {@code GET /api/v1/accounts/region}) that checks requests as the real one does,
 * validates bodies against Customer.io's published OpenAPI spec, records every request, and injects faults.
 *
 * <p>One virtual thread per request, bound to 127.0.0.1. {@link #reset()} before each test.
 *
 * <p>Which fault a request gets, first match wins: {@link #scriptNext} (FIFO, any request), then
 * {@link #script} (FIFO per v1 identifier), then {@link #answerAll}, then {@link #failRandomly}. A faulted
 * request (other than {@link Fault#slow}) is neither validated nor stored. Every answer, faulted or not, leaves
 * {@link #latency} after its request arrived (its handling included, as a real server's latency includes its
 * work); a request that is handled is stored <em>before</em> the delay, so a client that
 * times out cannot tell whether it landed — as with the real service.
 *
 * <p>Admin endpoints, never recorded nor faulted: {@code GET /__admin/stats}, {@code POST /__admin/reset}.
 */
public final class CustomerIoStandIn implements AutoCloseable {

    /** A request as received; {@code identifier} is the decoded v1 path identifier (else null). */
    public record RecordedRequest(
            String method,
            String rawPath,
            String identifier,
            String siteId,
            String body,
            int status,
            long receivedNanos) {
        /** {@link #status} while the answer is not decided yet. */
        public static final int IN_FLIGHT = 0;
        /** {@link #status} of a request whose connection was dropped without an answer. */
        public static final int DROPPED = -1;
    }

    /** Something to do to a request instead of (or on top of) answering it normally. */
    public sealed interface Fault {

        /** Answer {@code status} with {@code body} and {@code headers}; nothing is stored. */
        record Answer(int status, String body, Map<String, String> headers) implements Fault {
            public Answer {
                Objects.requireNonNull(body);
                headers = Map.copyOf(headers);
            }
        }

        /** Close the connection without answering; nothing is stored. */
        record Drop() implements Fault {}

        /** Handle normally, but answer {@code delay} later (on top of any latency). */
        record Slow(Duration delay) implements Fault {}

        static Fault status(int status) {
            return new Answer(status, "{\"meta\":{\"error\":\"stand-in fault: HTTP " + status + "\"}}", Map.of());
        }

        static Fault status(int status, String body) {
            return new Answer(status, body, Map.of());
        }

        /** A 429 with {@code Retry-After: seconds}. */
        static Fault retryAfter(int seconds) {
            return new Answer(
                    429,
                    "{\"meta\":{\"error\":\"Too Many Requests\"}}",
                    Map.of("Retry-After", Integer.toString(seconds)));
        }

        static Fault drop() {
            return new Drop();
        }

        static Fault slow(Duration delay) {
            return new Slow(delay);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final String region;
    private final StandInPeople people = new StandInPeople();
    private final Queue<String> specViolations = new ConcurrentLinkedQueue<>();
    private final StandInTrackApi api;
    private final StandInLog log = new StandInLog();
    private final StandInFaults faults = new StandInFaults();
    private volatile Duration latency = Duration.ZERO;
    private volatile Duration baselineLatency = Duration.ZERO; // what reset() restores; only main sets it
    private volatile boolean storeBodies = true;
    private volatile LongSupplier clock = System::nanoTime;

    private CustomerIoStandIn(int port, String region) throws IOException {
        this.region = region;
        this.api = new StandInTrackApi(region, people, specViolations);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
        api.baseUrl(baseUrl());
    }

    /** Starts a US stand-in on {@code port} (0: any free port). */
    public static CustomerIoStandIn start(int port) {
        return start(port, "us");
    }

    /** Starts a stand-in whose region endpoint answers {@code region} ("us" or "eu"). */
    public static CustomerIoStandIn start(int port, String region) {
        try {
            return new CustomerIoStandIn(port, region);
        } catch (IOException e) {
            throw new UncheckedIOException("stand-in could not bind 127.0.0.1:" + port, e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String region() {
        return region;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** Forgets people, requests, spec violations, faults, rejections and latency; accepts only the default credentials. */
    public void reset() {
        people.clear();
        log.clear();
        specViolations.clear();
        faults.clear();
        latency = baselineLatency;
        api.resetCount();
        api.resetCredentials();
        api.clearRejections();
    }

    /**
     * Accepts a site id / API key pair (on top of {@code your_site_id}/{@code your_api_key} and
     * {@code site}/{@code key}) as a workspace of its own; returns the {@code environment_id} the region
     * endpoint reports for it (the defaults are 1 and 2 on a US stand-in, 1001 and 1002 on an EU one).
     */
    public int acceptCredentials(String siteId, String apiKey) {
        return api.acceptCredentials(siteId, apiKey);
    }

    /** Whether request bodies are kept in the log (default true); counts are kept either way. */
    public void storeBodies(boolean store) {
        storeBodies = store;
    }

    /** Delays every answer by {@code latency}, on the request's virtual thread. */
    public void latency(Duration latency) {
        this.latency = Objects.requireNonNull(latency);
    }

    /** The next v1 identify requests for {@code identifier} (decoded) get these faults, in order. */
    public void script(String identifier, Fault... faults) {
        this.faults.script(identifier, faults);
    }

    /** The next requests of any kind get these faults, in order, before any per-identifier script. */
    public void scriptNext(Fault... faults) {
        this.faults.scriptNext(faults);
    }

    /**
     * Until reset, a v2 batch entry for person {@code id} is rejected on its own: the batch answers 207 naming its
     * {@code batch_index} with {@code message}, and every other entry is accepted.
     */
    public void rejectEntry(String id, String message) {
        api.rejectEntry(id, message);
    }

    /** Until reset, a v2 batch holding an entry for person {@code id} is rejected as a whole: 400, nothing stored. */
    public void rejectBatchesHolding(String id, String message) {
        api.rejectBatchesHolding(id, message);
    }

    /** Until reset, a {@code fraction} of requests (drawn from {@code new Random(seed)}) answer {@code status}. */
    public void failRandomly(double fraction, int status, long seed) {
        faults.failRandomly(fraction, status, seed);
    }

    /** Until reset, every request answers {@code status} with {@code body}. */
    public void answerAll(int status, String body) {
        faults.answerAll(status, body);
    }

    public int requestCount() {
        return log.total();
    }

    /** Requests with this method whose raw path starts with {@code pathPrefix}. */
    public int requestCount(String method, String pathPrefix) {
        return log.count(method, pathPrefix);
    }

    /** All requests, in arrival order. */
    public List<RecordedRequest> requests() {
        return log.snapshot();
    }

    /** v1 identify requests for this (decoded, exact) identifier, whatever they were answered. */
    public long identifyCount(String identifier) {
        return log.identifyCount(identifier);
    }

    /** The merged attributes of a person accepted by v1 or v2 (emails match case-insensitively). */
    public Optional<Map<String, Object>> person(String identifier) {
        return people.person(identifier);
    }

    public int peopleCount() {
        return people.count();
    }

    /** The most requests received within any one-second window. */
    public int maxRequestsInAnySecond() {
        return log.maxInAnySecond();
    }

    /** The most requests this stand-in was handling at once since the last reset. */
    public int maxConcurrentRequests() {
        return log.maxInFlight();
    }

    /** Bodies that broke the spec (or were not JSON), each as "operation: messages". */
    public List<String> specViolations() {
        return List.copyOf(specViolations);
    }

    /** For this class's own tests: the clock that stamps {@link RecordedRequest#receivedNanos()}. */
    void clock(LongSupplier nanoClock) {
        clock = nanoClock;
    }

    private void handle(HttpExchange exchange) {
        try {
            long received = clock.getAsLong();
            long arrived = System.nanoTime(); // the real clock: latency is real time, whatever clock stamps requests
            byte[] body = exchange.getRequestBody().readAllBytes();
            String method = exchange.getRequestMethod();
            String rawPath = exchange.getRequestURI().getRawPath();
            if (rawPath.startsWith("/__admin/")) {
                send(exchange, admin(method, rawPath));
                return;
            }
            Route route = Route.of(method, rawPath);
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            StandInLog.Entry entry = log.add(
                    route.operation(),
                    method,
                    rawPath,
                    route.identifier(),
                    StandInWire.siteId(authorization),
                    storeBodies ? new String(body, StandardCharsets.UTF_8) : null,
                    received);
            log.started();
            try {
                Fault fault = faults.take(route);
                if (fault instanceof Fault.Drop) {
                    pause(latency);
                    entry.status(RecordedRequest.DROPPED);
                    return; // closing an exchange that sent no headers closes the connection
                }
                Reply reply = fault instanceof Fault.Answer answer
                        ? reply(answer)
                        : api.handle(
                                route,
                                authorization,
                                exchange.getRequestHeaders().getFirst("Content-Type"),
                                body);
                // the answer leaves `latency` after the request arrived, its handling included (as a real server's
                // latency includes its work), and never sooner
                pause((fault instanceof Fault.Slow slow ? latency.plus(slow.delay()) : latency)
                        .minusNanos(System.nanoTime() - arrived));
                entry.status(reply.status());
                send(exchange, reply);
            } finally {
                log.finished();
            }
        } catch (IOException e) {
            // the client went away; nothing to answer
        } catch (RuntimeException e) {
            answerBug(exchange, e);
        } finally {
            exchange.close();
        }
    }

    /** A bug in the stand-in must not look like a network fault to the client under test: answer 500. */
    private static void answerBug(HttpExchange exchange, RuntimeException bug) {
        if (exchange.getResponseCode() != -1) {
            return; // headers already sent
        }
        try {
            send(
                    exchange,
                    Reply.json(
                            500,
                            JsonMapper.shared()
                                    .createObjectNode()
                                    .set(
                                            "meta",
                                            JsonMapper.shared()
                                                    .createObjectNode()
                                                    .put("error", "stand-in bug: " + bug))));
        } catch (IOException | RuntimeException ignored) {
            // nothing more to do
        }
    }

    private static Reply reply(Fault.Answer answer) {
        String body = answer.body();
        String type = body.isEmpty()
                ? null
                : body.startsWith("{") || body.startsWith("[") ? "application/json" : "text/plain; charset=utf-8";
        return new Reply(answer.status(), type, body.getBytes(StandardCharsets.UTF_8), answer.headers());
    }

    private Reply admin(String method, String rawPath) {
        if ("GET".equals(method) && "/__admin/stats".equals(rawPath)) {
            return Reply.json(
                    200,
                    JsonMapper.shared()
                            .createObjectNode()
                            .put("requests", log.total())
                            .put("identify", log.identifyRequests())
                            .put("batch", log.batchRequests())
                            .put("people", people.count())
                            .put("acknowledged", api.acknowledged())
                            .put("maxRequestsInAnySecond", log.maxInAnySecond())
                            .put("specViolations", specViolations.size()));
        }
        if ("POST".equals(method) && "/__admin/reset".equals(rawPath)) {
            reset();
            return Reply.json(200, JsonMapper.shared().createObjectNode());
        }
        return Reply.text(404, "text/plain; charset=utf-8", "404 page not found\n");
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        reply.headers().forEach(exchange.getResponseHeaders()::set);
        if (reply.contentType() != null) {
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        }
        boolean bodyless = reply.body().length == 0
                || reply.status() == 204
                || reply.status() == 304
                || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(reply.status(), bodyless ? -1 : reply.body().length);
        if (!bodyless) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply.body());
            }
        }
    }

    private static void pause(Duration delay) {
        if (delay.isPositive()) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Runs a stand-in for benchmarks until killed: {@code --port N} (default 0), {@code --latency-ms N},
     * {@code --no-bodies}, {@code --region us|eu}, {@code --count-only} (identifies and batch entries counted and
     * acknowledged, neither validated nor stored: {@code acknowledged} in the stats, {@code people} stays 0). Prints {@code STANDIN_URL=http://127.0.0.1:PORT} first.
     */
    public static void main(String[] args) throws InterruptedException {
        int port = 0;
        long latencyMs = 0;
        boolean bodies = true;
        boolean countOnly = false;
        String region = "us";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--latency-ms" -> latencyMs = Long.parseLong(args[++i]);
                case "--no-bodies" -> bodies = false;
                case "--count-only" -> countOnly = true;
                case "--region" -> region = args[++i];
                default ->
                    throw new IllegalArgumentException("unknown argument: " + args[i]
                            + " (use --port N, --latency-ms N, --no-bodies, --count-only, --region us|eu)");
            }
        }
        CustomerIoStandIn standIn = start(port, region);
        standIn.baselineLatency = Duration.ofMillis(latencyMs);
        standIn.latency(standIn.baselineLatency);
        standIn.storeBodies(bodies);
        standIn.api.countOnly(countOnly);
        Runtime.getRuntime().addShutdownHook(new Thread(standIn::close));
        System.out.println("STANDIN_URL=" + standIn.baseUrl());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
