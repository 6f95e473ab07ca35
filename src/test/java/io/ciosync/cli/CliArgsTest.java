package io.ciosync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliArgsTest {

    @TempDir
    Path dir;

    @Test
    void readsTheOriginalScriptsArgumentsAndDefaultsTheReportBesideTheData() throws Exception {
        Path config = file("config.json");
        Path data = file("users.json");

        CliArgs args = CliArgs.parse(List.of("-c", config.toString(), "-d", data.toString()), Map.of());

        assertThat(args.config()).isEqualTo(config.toAbsolutePath());
        assertThat(args.data()).isEqualTo(data.toAbsolutePath());
        assertThat(args.server()).isEmpty();
        assertThat(args.reportPath()).isEqualTo(data.toAbsolutePath().resolveSibling("users.failed.csv"));
    }

    @Test
    void longFormsServerAndTokenFromTheEnvironment() throws Exception {
        CliArgs args = CliArgs.parse(
                List.of(
                        "--config=" + file("c.json"),
                        "--data",
                        file("d.json").toString(),
                        "--server",
                        "http://sync.example:8080/",
                        "--report",
                        "r.csv"),
                Map.of(CliArgs.TOKEN_ENV, "t0k"));

        assertThat(args.server()).contains(URI.create("http://sync.example:8080"));
        assertThat(args.token()).contains("t0k");
        assertThat(args.reportPath()).isEqualTo(Path.of("r.csv"));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThatThrownBy(() -> CliArgs.parse(
                        List.of("-c", "/no/such.json", "--token", "x", "--server", "ftp://x", "--what", "-d"),
                        Map.of()))
                .isInstanceOfSatisfying(
                        CliArgs.UsageException.class,
                        e -> assertThat(e.problems())
                                .containsExactly(
                                        "unknown argument '--what'",
                                        "-d needs a value",
                                        "-c/--config /no/such.json: no such readable file",
                                        "-d/--data is required: the data.json",
                                        "--server ftp://x: not an http(s) URL"));
    }

    @Test
    void aTokenWithoutServerIsAMistake() throws Exception {
        List<String> args =
                List.of("-c", file("c.json").toString(), "-d", file("d.json").toString(), "--token", "x");
        assertThatThrownBy(() -> CliArgs.parse(args, Map.of()))
                .isInstanceOfSatisfying(
                        CliArgs.UsageException.class,
                        e -> assertThat(e.problems()).containsExactly("--token is only used with --server"));
    }

    @Test
    void helpNeedsNothingElse() throws Exception {
        assertThat(CliArgs.parse(List.of("--help"), Map.of()).help()).isTrue();
        assertThat(CliArgs.parse(
                                List.of(
                                        "-c",
                                        file("c.json").toString(),
                                        "-d",
                                        file("d.json").toString()),
                                Map.of())
                        .token())
                .isEqualTo(Optional.empty());
    }

    private Path file(String name) throws IOException {
        return Files.writeString(dir.resolve(name), "{}");
    }
}
