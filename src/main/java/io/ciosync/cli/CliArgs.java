package io.ciosync.cli;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command line of {@code sync}: the original script's {@code -c config.json -d data.json}, plus where to write
 * the failed users, and optionally a running service to submit to instead of syncing in-process.
 */
public record CliArgs(Path config, Path data, Optional<Path> report, Optional<URI> server, Optional<String> token,
        boolean verbose, boolean help) {

    /** Environment variable holding the service token, so it need not appear in the process list. */
    public static final String TOKEN_ENV = "CIO_SYNC_TOKEN";

    public static final String USAGE = """
            usage: cio-sync-upsert -c config.json -d data.json [--report failed.csv] [--verbose]
                   cio-sync-upsert -c config.json -d data.json --server URL [--token TOKEN] [--report failed.csv]

              -c, --config FILE   the job config (the original config.json: site-id, api-key, userId, mappings, ...)
              -d, --data FILE     the users: a JSON array of records
              --report FILE       where to write every failed or skipped user as CSV
                                  (default: <data file name>.failed.csv next to the data file, when any)
              --server URL        submit to a running cio-sync service instead of syncing in this process
              --token TOKEN       the service's API token (or set CIO_SYNC_TOKEN)
              --verbose           show the service log (per-user failures, retries) on stderr
              -h, --help          this text

            exit codes: 0 all users synced, 2 some users failed or were skipped, 1 the job failed,
                        64 bad arguments or an invalid config or data file
            """;

    /** Arguments that cannot be run: every problem found. */
    public static class UsageException extends Exception {
        private final List<String> problems;

        UsageException(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    public static CliArgs parse(List<String> args, Map<String, String> env) throws UsageException {
        List<String> problems = new ArrayList<>();
        String config = null;
        String data = null;
        String report = null;
        String server = null;
        String token = null;
        boolean verbose = false;
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            switch (name) {
                case "-h", "--help" -> help = true;
                case "--verbose" -> verbose = true;
                case "-c", "--config", "-d", "--data", "--report", "--server", "--token" -> {
                    if (value == null) {
                        if (i + 1 >= args.size() || args.get(i + 1).startsWith("-") && args.get(i + 1).length() > 1) {
                            problems.add(name + " needs a value");
                            continue;
                        }
                        value = args.get(++i);
                    }
                    switch (name) {
                        case "-c", "--config" -> config = value;
                        case "-d", "--data" -> data = value;
                        case "--report" -> report = value;
                        case "--server" -> server = value;
                        default -> token = value;
                    }
                }
                default -> problems.add("unknown argument '" + arg + "'");
            }
        }
        if (help) {
            return new CliArgs(null, null, Optional.empty(), Optional.empty(), Optional.empty(), verbose, true);
        }
        Path configFile = readableFile("-c/--config", config, "the config.json", problems);
        Path dataFile = readableFile("-d/--data", data, "the data.json", problems);
        Optional<URI> serverUrl = Optional.ofNullable(server).map(s -> serverUrl(s, problems));
        if (token == null && serverUrl.isPresent()) {
            token = env.get(TOKEN_ENV);
        } else if (token != null && server == null) {
            problems.add("--token is only used with --server");
        }
        if (!problems.isEmpty()) {
            throw new UsageException(problems);
        }
        return new CliArgs(configFile, dataFile, Optional.ofNullable(report).map(Path::of), serverUrl,
                Optional.ofNullable(token).filter(t -> !t.isBlank()), verbose, false);
    }

    /** Where the failed and skipped users go: {@code --report}, or {@code <data>.failed.csv} beside the data. */
    public Path reportPath() {
        return report.orElseGet(() -> {
            String name = data.getFileName().toString();
            int dot = name.lastIndexOf('.');
            return data.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".failed.csv");
        });
    }

    private static Path readableFile(String option, String value, String what, List<String> problems) {
        if (value == null) {
            problems.add(option + " is required: " + what);
            return null;
        }
        try {
            Path path = Path.of(value).toAbsolutePath().normalize();
            if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                problems.add(option + " " + value + ": no such readable file");
                return null;
            }
            return path;
        } catch (InvalidPathException e) {
            problems.add(option + " " + value + ": not a valid path");
            return null;
        }
    }

    private static URI serverUrl(String value, List<String> problems) {
        try {
            URI uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        problems.add("--server " + value + ": not an http(s) URL");
        return null;
    }
}
