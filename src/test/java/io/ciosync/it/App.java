package io.ciosync.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One instance of the packaged application ({@code target/quarkus-app/quarkus-run.jar}) in its own process, as
 * an operator runs it: started with environment and system properties, killed with SIGKILL or SIGTERM.
 */
final class App implements AutoCloseable {

    static final String TOKEN = "it-token-0123456789"; // tenant "it" (cio-sync.api-tokens below)
    static final String SECRETS_KEY = "MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE="; // test-only AES key

    private final String name;
    private final Map<String, String> env;
    private final Map<String, String> props;
    private final Path log;
    private int httpPort;
    private int managementPort;
    private Process process;

    private App(String name, Map<String, String> env, Map<String, String> props, Path logDir) {
        this.name = name;
        this.env = env;
        this.props = props;
        this.log = logDir.resolve(name + ".log");
        try { // the log of this instance only: an earlier run's lines under the same name would be counted too
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** An instance delivering to {@code customerIoUrl} with short leases, fast polling and fast retries. */
    static App create(String name, String customerIoUrl, Path logDir) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("cio-sync.customerio.us-url", customerIoUrl);
        props.put("cio-sync.secrets.key", SECRETS_KEY);
        props.put("cio-sync.api-tokens", "it:" + TOKEN);
        props.put("cio-sync.delivery.lease", "3s");
        props.put("cio-sync.delivery.heartbeat-every", "1s");
        props.put("cio-sync.delivery.reclaim-every", "1s");
        props.put("cio-sync.delivery.poll-interval", "200ms");
        props.put("quarkus.fault-tolerance.\"io.ciosync.customerio.CustomerIo\".retry.delay", "20");
        props.put("quarkus.fault-tolerance.\"io.ciosync.customerio.CustomerIo\".exponential-backoff.max-delay", "200");
        return new App(name, new LinkedHashMap<>(), props, logDir);
    }

    App env(String key, String value) {
        env.put(key, value);
        return this;
    }

    App prop(String key, String value) {
        props.put(key, value);
        return this;
    }

    /** Starts the process and waits until it reports ready. */
    App start() throws IOException {
        httpPort = freePort();
        managementPort = freePort();
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
        props.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-Dquarkus.http.port=" + httpPort);
        command.add("-Dquarkus.management.port=" + managementPort);
        command.addAll(List.of("-jar", System.getProperty("cio-sync.app.jar", "target/quarkus-app/quarkus-run.jar")));
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        process = builder.start();
        try { // slow on a loaded machine; a process that never got ready is not left behind
            await(name + " ready")
                    .atMost(Duration.ofSeconds(180))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException(name + " exited at start-up; see " + log);
                        }
                        return status(managementUrl() + "/q/health/ready") == 200;
                    });
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    long pid() {
        return process.pid();
    }

    String logText() throws IOException {
        return Files.readString(log);
    }

    /** SIGKILL: no shutdown hook, no drain, leases left behind. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** What SIGTERM led to: whether readiness went DOWN (503) while the process lived, and when it exited. */
    record Termination(boolean readinessWentDown, Duration exitAfter) {}

    /** SIGTERM, watching readiness until the process exits. */
    Termination terminate(Duration atMost) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + atMost.toNanos();
        process.destroy();
        boolean down = false;
        while (process.isAlive() && System.nanoTime() < deadline) {
            down |= status(managementUrl() + "/q/health/ready") == 503;
            process.waitFor(50, TimeUnit.MILLISECONDS);
        }
        if (process.isAlive()) {
            throw new AssertionError(name + " did not exit within " + atMost + " after SIGTERM");
        }
        return new Termination(down, Duration.ofNanos(System.nanoTime() - start));
    }

    int exitCode() {
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill9();
        }
    }

    private static int status(String url) {
        try {
            return HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
