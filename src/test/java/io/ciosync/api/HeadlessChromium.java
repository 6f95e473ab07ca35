package io.ciosync.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A headless Chromium (Debian's {@code chromium} package) driven through the DevTools protocol: open a page, run
 * JavaScript in it. A fresh profile, no background traffic; closed (process and profile) by {@link #close()}.
 */
final class HeadlessChromium implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profile;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private WebSocket page;

    private HeadlessChromium(Process process, Path profile) {
        this.process = process;
        this.profile = profile;
    }

    /** The chromium binary on the path, if any. */
    static Optional<String> binary() {
        for (String name : new String[] {"chromium", "chromium-browser"}) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
                if (Files.isExecutable(Path.of(dir, name))) {
                    return Optional.of(Path.of(dir, name).toString());
                }
            }
        }
        return Optional.empty();
    }

    static HeadlessChromium start(String binary) throws IOException {
        Path profile = Files.createTempDirectory("cio-sync-chromium");
        Process process = new ProcessBuilder(
                        binary,
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--no-first-run",
                        "--user-data-dir=" + profile,
                        "--remote-debugging-port=0",
                        "about:blank")
                .redirectErrorStream(true)
                .start();
        return new HeadlessChromium(process, profile);
    }

    /** Opens {@code url} in the browser's page. */
    void open(String url) throws Exception {
        String browser = devToolsUrl();
        URI endpoint = URI.create(browser.replaceFirst("^ws://", "http://").replaceFirst("/devtools/.*$", ""));
        JsonNode targets = JSON.readTree(http.send(
                        HttpRequest.newBuilder(endpoint.resolve("/json/list")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
        String pageSocket = null;
        for (JsonNode target : targets) {
            if ("page".equals(target.path("type").asText())) {
                pageSocket = target.path("webSocketDebuggerUrl").asText();
            }
        }
        page = http.newWebSocketBuilder()
                .buildAsync(URI.create(pageSocket), new Listener())
                .get(30, TimeUnit.SECONDS);
        call("Page.navigate", Map.of("url", url));
    }

    /** The value of a JavaScript expression (a promise is awaited). */
    JsonNode evaluate(String expression, Duration atMost) throws Exception {
        JsonNode result = call(
                        "Runtime.evaluate",
                        Map.of(
                                "expression",
                                expression,
                                "awaitPromise",
                                true,
                                "returnByValue",
                                true,
                                "timeout",
                                atMost.toMillis()))
                .get(atMost.toMillis() + 10_000, TimeUnit.MILLISECONDS);
        if (result.has("exceptionDetails")) {
            throw new AssertionError("JavaScript failed: " + result.path("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    private CompletableFuture<JsonNode> call(String method, Map<String, Object> params) throws IOException {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        page.sendText(JSON.writeValueAsString(Map.of("id", id, "method", method, "params", params)), true);
        return answer;
    }

    private String devToolsUrl() throws IOException {
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            int at = line.indexOf("ws://");
            if (line.startsWith("DevTools listening on") && at >= 0) {
                Thread.ofVirtual().start(() -> out.lines().forEach(l -> {})); // keep draining its output
                return line.substring(at).trim();
            }
        }
        throw new IOException("chromium exited before its DevTools endpoint was up");
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(text.toString());
                    CompletableFuture<JsonNode> answer =
                            message.has("id") ? pending.remove(message.get("id").asInt()) : null;
                    if (answer != null) {
                        answer.complete(message.path("result"));
                    }
                } catch (IOException e) {
                    // not JSON: ignore
                }
                text.setLength(0);
            }
            socket.request(1);
            return null;
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (page != null) {
            page.abort();
        }
        process.descendants().forEach(ProcessHandle::destroy); // its renderer and helper processes
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }
}
