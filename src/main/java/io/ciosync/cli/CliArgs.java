package io.ciosync.cli;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line of {@code sync}: the original script's {@code -c config.json -d data.json}, plus where to write
 * the failed users, and optionally a running service to submit to instead of syncing in-process. Read by picocli
 * ({@code quarkus-picocli}) before Quarkus starts, not by its {@code PicocliRunner}: {@code --help}, bad arguments
 * and {@code --server} need no Quarkus, and a local sync sets its settings ({@link Cli}) before Quarkus reads them.
 */
public record CliArgs(
        Path config,
        Path data,
        Optional<Path> report,
        Optional<URI> server,
        Optional<String> token,
        boolean verbose,
        boolean help) {

    /** Environment variable holding the service token, so it need not appear in the process list. */
    public static final String TOKEN_ENV = "CIO_SYNC_TOKEN";

    /** The options as picocli reads them; {@link #parse} checks their values. */
    @Command(
            name = "cio-sync-upsert",
            synopsisHeading = "usage: ",
            customSynopsis = {
                "cio-sync-upsert -c config.json -d data.json [--report failed.csv] [--verbose]",
                "       cio-sync-upsert -c config.json -d data.json --server URL [--token TOKEN] [--report failed.csv]"
            },
            optionListHeading = "%n",
            sortOptions = false,
            usageHelpWidth = 120,
            footer = {
                "%nexit codes: 0 all users synced, 2 some users failed or were skipped, 1 the job failed,",
                "            64 bad arguments or an invalid config or data file"
            })
    static final class Options {
        @Option(
                names = {"-c", "--config"},
                paramLabel = "FILE",
                description = "the job config (the original config.json: site-id, api-key, userId, mappings, ...)")
        String config;

        @Option(
                names = {"-d", "--data"},
                paramLabel = "FILE",
                description = "the users: a JSON array of records")
        String data;

        @Option(
                names = "--report",
                paramLabel = "FILE",
                description = {
                    "where to write every failed or skipped user as CSV",
                    "(default: <data file name>.failed.csv next to the data file, when any)"
                })
        String report;

        @Option(
                names = "--server",
                paramLabel = "URL",
                description = "submit to a running cio-sync service instead of syncing in this process")
        String server;

        @Option(
                names = "--token",
                paramLabel = "TOKEN",
                description = "the service's API token (or set " + TOKEN_ENV + ")")
        String token;

        @Option(names = "--verbose", description = "show the service log (per-user failures, retries) on stderr")
        boolean verbose;

        @Option(
                names = {"-h", "--help"},
                usageHelp = true,
                description = "this text")
        boolean help;
    }

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
        Options options = new Options();
        CommandLine.ParseResult parsed = parser(options).parseArgs(args.toArray(String[]::new));
        if (parsed.isUsageHelpRequested()) {
            return new CliArgs(null, null, Optional.empty(), Optional.empty(), Optional.empty(), options.verbose, true);
        }
        List<String> problems = new ArrayList<>(problems(parsed.errors(), args));
        Path configFile = readableFile("-c/--config", options.config, "the config.json", problems);
        Path dataFile = readableFile("-d/--data", options.data, "the data.json", problems);
        Optional<URI> serverUrl = Optional.ofNullable(options.server).map(s -> serverUrl(s, problems));
        String token = options.token;
        if (token == null && serverUrl.isPresent()) {
            token = env.get(TOKEN_ENV);
        } else if (token != null && options.server == null) {
            problems.add("--token is only used with --server");
        }
        if (!problems.isEmpty()) {
            throw new UsageException(problems);
        }
        return new CliArgs(
                configFile,
                dataFile,
                Optional.ofNullable(options.report).map(Path::of),
                serverUrl,
                Optional.ofNullable(token).filter(t -> !t.isBlank()),
                options.verbose,
                false);
    }

    /** The text of {@code --help}. */
    public static String usage() {
        // rendered as "--config FILE", while both "--config FILE" and "--config=FILE" are read
        return new CommandLine(new Options()).setSeparator(" ").getUsageMessage();
    }

    /**
     * Reads the options as the original script did: a value that looks like an option is missing, not taken; an option
     * given twice keeps its last value; no {@code @file} expansion; every problem is collected, not only the first.
     */
    private static CommandLine parser(Options options) {
        CommandLine parser = new CommandLine(options)
                .setUnmatchedOptionsAllowedAsOptionParameters(false)
                .setOverwrittenOptionsAllowed(true)
                .setExpandAtFiles(false);
        parser.getCommandSpec().parser().collectErrors(true);
        return parser;
    }

    /** The parse errors in the words of the arguments as typed, in the order of the arguments. */
    private static List<String> problems(List<Exception> errors, List<String> args) {
        record Problem(int at, String text) {}
        List<Problem> problems = new ArrayList<>();
        for (Exception e : errors) {
            switch (e) {
                case CommandLine.UnmatchedArgumentException u
                when !u.getUnmatched().isEmpty() ->
                    u.getUnmatched()
                            .forEach(arg ->
                                    problems.add(new Problem(args.indexOf(arg), "unknown argument '" + arg + "'")));
                case CommandLine.MissingParameterException m ->
                    m.getMissing().forEach(option -> {
                        int at = Stream.of(((CommandLine.Model.OptionSpec) option).names())
                                .mapToInt(args::lastIndexOf)
                                .max()
                                .orElseThrow(); // the last one typed: an earlier one had its value
                        problems.add(new Problem(at, args.get(at) + " needs a value"));
                    });
                default -> problems.add(new Problem(args.size(), e.getMessage())); // e.g. "-d -x": found '-x'
            }
        }
        problems.sort(Comparator.comparingInt(Problem::at));
        return problems.stream().map(Problem::text).toList();
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
