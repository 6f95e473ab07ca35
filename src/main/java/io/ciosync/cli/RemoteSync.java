package io.ciosync.cli;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code sync --server URL}: uploads the two files to a running service as {@code curl -F config=@… -F data=@…}
 * would (the data file streamed, never held in memory), then follows the job like a local one. Needs no Quarkus.
 */
final class RemoteSync {

    private final CliArgs args;
    private final Terminal terminal;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = new ObjectMapper();

    RemoteSync(CliArgs args, Terminal terminal) {
        this.args = args;
        this.terminal = terminal;
    }

    int run() throws IOException, InterruptedException {
        String boundary = "cio-sync-" + UUID.randomUUID();
        HttpRequest post = RemoteJob.request(args.server().orElseThrow(), args.token(), "/syncs")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(multipart(boundary, args.config(), args.data()))
                .build();
        HttpResponse<String> answer;
        try {
            answer = http.send(post, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            terminal.err().println("cannot reach " + args.server().get() + ": " + e);
            return ExitCodes.JOB_FAILED;
        }
        int status = answer.statusCode();
        if (status == 202) {
            String id = json.readTree(answer.body()).path("id").asText();
            return new Follower(terminal, Duration.ofSeconds(1), Duration.ofSeconds(5))
                    .follow(new RemoteJob(http, args.server().get(), args.token(), json, id), args.reportPath());
        }
        List<String> problems = problems(answer.body());
        if (status == 400 || status == 413 || status == 422) {
            terminal.problems("the service refused the config or data (HTTP " + status + ")", problems);
            return ExitCodes.BAD_INPUT;
        }
        terminal.problems(
                status == 401 || status == 403
                        ? "the service refused the token (HTTP " + status + "): check --token or " + CliArgs.TOKEN_ENV
                        : "the service answered HTTP " + status,
                problems);
        return ExitCodes.JOB_FAILED;
    }

    /** The problem+json's {@code errors} as "field: message", else its {@code detail}. */
    private List<String> problems(String body) {
        List<String> problems = new ArrayList<>();
        try {
            JsonNode problem = json.readTree(body);
            problem.path("errors")
                    .forEach(e -> problems.add(
                            e.path("field").asText() + ": " + e.path("message").asText()));
            if (problems.isEmpty() && problem.hasNonNull("detail")) {
                problems.add(problem.get("detail").asText());
            }
        } catch (IOException e) {
            // not JSON: the status says it all
        }
        return problems;
    }

    private static BodyPublisher multipart(String boundary, Path config, Path data) throws IOException {
        return BodyPublishers.concat(
                text(head(boundary, "config", "config.json")),
                BodyPublishers.ofFile(config),
                text("\r\n" + head(boundary, "data", "data.json")),
                BodyPublishers.ofFile(data),
                text("\r\n--" + boundary + "--\r\n"));
    }

    private static String head(String boundary, String name, String filename) {
        return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/json\r\n\r\n";
    }

    private static BodyPublisher text(String s) {
        return BodyPublishers.ofByteArray(s.getBytes(StandardCharsets.UTF_8));
    }
}
