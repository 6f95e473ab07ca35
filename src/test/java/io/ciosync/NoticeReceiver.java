package io.ciosync;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real webhook receiver for completion notices on a dynamic port of 127.0.0.1: it records every request and
 * answers each path with its scripted statuses in turn, then with its standing status (200 unless told otherwise);
 * a request can be held before it is answered.
 */
public final class NoticeReceiver implements AutoCloseable {

    /** The header cio-sync names a notice's job with. */
    public static final String JOB_HEADER = "X-Cio-Sync-Job";

    /** One request as it arrived; header names lower-case. */
    public record Received(String method, String pathAndQuery, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Integer>> scripts = new ConcurrentHashMap<>();
    private final Map<String, Integer> standing = new ConcurrentHashMap<>();
    private final Map<String, Deque<Duration>> holds = new ConcurrentHashMap<>();

    private NoticeReceiver(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    public static NoticeReceiver start() {
        try {
            return new NoticeReceiver(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        } catch (IOException e) {
            throw new IllegalStateException("the notice receiver cannot start", e);
        }
    }

    /** {@code http://127.0.0.1:<port><pathAndQuery>}. */
    public String url(String pathAndQuery) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery;
    }

    /** The next requests to {@code path} get these statuses, one each, in order. */
    public void answer(String path, Integer... statuses) {
        scripts.computeIfAbsent(path, p -> new ConcurrentLinkedDeque<>()).addAll(List.of(statuses));
    }

    /** Every request to {@code path} beyond its script gets {@code status}. */
    public void answerAlways(String path, int status) {
        standing.put(path, status);
    }

    /** The next request to {@code path} is answered only after {@code delay} (or when the receiver closes). */
    public void hold(String path, Duration delay) {
        holds.computeIfAbsent(path, p -> new ConcurrentLinkedDeque<>()).add(delay);
    }

    /** The requests that carried {@code X-Cio-Sync-Job: jobId}, in arrival order. */
    public List<Received> notices(String jobId) {
        return received.stream().filter(r -> jobId.equals(r.header(JOB_HEADER))).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange;
                InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = exchange.getRequestHeaders().entrySet().stream()
                    .collect(Collectors.toMap(
                            e -> e.getKey().toLowerCase(Locale.ROOT), e -> String.join(",", e.getValue())));
            received.add(new Received(
                    exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers, body));
            String path = exchange.getRequestURI().getPath();
            Deque<Duration> hold = holds.get(path);
            Duration delay = hold == null ? null : hold.poll();
            if (delay != null) {
                pause(delay);
            }
            Deque<Integer> script = scripts.get(path);
            Integer scripted = script == null ? null : script.poll();
            int status = scripted != null ? scripted : standing.getOrDefault(path, 200);
            exchange.sendResponseHeaders(status, -1);
        }
    }

    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
