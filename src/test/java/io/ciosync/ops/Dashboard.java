package io.ciosync.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Grafana dashboard {@code k8s/grafana-dashboard.json} as the tests read it: its panels with the row they sit
 * in, their PromQL queries, and the metric names those queries use.
 */
public record Dashboard(JsonNode json, List<Panel> panels) {

    public static final Path FILE = Path.of("k8s/grafana-dashboard.json");

    /** One query of a panel. */
    public record Query(String row, String panel, String expr, String legend) {}

    /** A panel (not a row) and the title of the row above it. */
    public record Panel(String row, JsonNode json) {
        public String title() {
            return json.path("title").asText();
        }

        public List<Query> queries() {
            List<Query> queries = new ArrayList<>();
            json.path("targets")
                    .forEach(t -> queries.add(new Query(
                            row,
                            title(),
                            t.path("expr").asText(),
                            t.path("legendFormat").asText())));
            return queries;
        }
    }

    /** Reads the file (strictly: duplicate keys fail). */
    public static Dashboard load() throws IOException {
        ObjectMapper mapper = new ObjectMapper()
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
        JsonNode json = mapper.readTree(Files.readString(FILE));
        List<Panel> panels = new ArrayList<>();
        String row = "";
        for (JsonNode panel : json.path("panels")) {
            if ("row".equals(panel.path("type").asText())) {
                row = panel.path("title").asText();
                panel.path("panels")
                        .forEach(
                                p -> { // a collapsed row keeps its panels inside
                                    throw new IllegalStateException(
                                            "row " + p + " is collapsed: the tests read open rows only");
                                });
            } else {
                panels.add(new Panel(row, panel));
            }
        }
        return new Dashboard(json, List.copyOf(panels));
    }

    public List<Query> queries() {
        return panels.stream().flatMap(p -> p.queries().stream()).toList();
    }

    /** The row titles, top to bottom. */
    public List<String> rows() {
        List<String> rows = new ArrayList<>();
        json.path("panels").forEach(p -> {
            if ("row".equals(p.path("type").asText())) {
                rows.add(p.path("title").asText());
            }
        });
        return rows;
    }

    /** A query as Prometheus runs it once Grafana has put in the variables' values. */
    public static String substitute(String expr, String namespace, String pod, String rateInterval) {
        return expr.replace("$namespace", namespace).replace("$pod", pod).replace("$__rate_interval", rateInterval);
    }

    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
    private static final Pattern LABEL_LISTS =
            Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("\\b([a-zA-Z_:][a-zA-Z0-9_:]*)\\b(\\s*\\()?");
    private static final Set<String> KEYWORDS = Set.of(
            "and",
            "or",
            "unless",
            "bool",
            "offset",
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "inf",
            "nan");

    /**
     * The metric names a PromQL expression selects: every identifier that is not a function (followed by "("),
     * a keyword, a label name (in braces or in by/on/... lists) or inside a string or range.
     */
    public static Set<String> metricNames(String expr) {
        String bare = STRINGS.matcher(expr).replaceAll("\"\"");
        bare = MATCHERS.matcher(bare).replaceAll(" ");
        bare = RANGES.matcher(bare).replaceAll(" ");
        bare = LABEL_LISTS.matcher(bare).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(bare);
        while (m.find()) {
            String word = m.group(1);
            if (m.group(2) == null && !KEYWORDS.contains(word.toLowerCase(java.util.Locale.ROOT))) {
                names.add(word);
            }
        }
        return names;
    }
}
