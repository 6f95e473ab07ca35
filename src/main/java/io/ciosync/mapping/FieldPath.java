package io.ciosync.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A mapping's {@code from}: a field name, or a path into nested data ({@code address.city}, {@code tags[0]},
 * {@code orders[2].total}). A record holding the whole text as one field name wins, so flat fields whose names
 * contain dots keep working as before.
 */
final class FieldPath {

    private static final Pattern STEP = Pattern.compile("([^.\\[\\]]+)((?:\\[\\d+])*)");
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

    private final String text;
    private final List<Object> steps;

    private FieldPath(String text, List<Object> steps) {
        this.text = text;
        this.steps = steps;
    }

    /** The path, or empty when {@code text} is not one (e.g. {@code a..b}, {@code a[x]}). */
    static Optional<FieldPath> parse(String text) {
        List<Object> steps = new ArrayList<>();
        for (String part : text.split("\\.", -1)) {
            Matcher m = STEP.matcher(part);
            if (!m.matches()) {
                return Optional.empty();
            }
            steps.add(m.group(1));
            Matcher index = INDEX.matcher(m.group(2));
            while (index.find()) {
                try {
                    steps.add(Integer.parseInt(index.group(1)));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(new FieldPath(text, List.copyOf(steps)));
    }

    /** Whether this is one top-level field name (no dots or indexes). */
    boolean topLevel() {
        return steps.size() == 1;
    }

    /** The value at this path, or null when some step is missing. */
    JsonNode resolve(JsonNode record) {
        JsonNode literal = record.get(text);
        if (literal != null || steps.size() == 1) {
            return literal;
        }
        JsonNode node = record;
        for (Object step : steps) {
            node = step instanceof Integer i
                    ? (node.isArray() ? node.get(i) : null)
                    : (node.isObject() ? node.get((String) step) : null);
            if (node == null) {
                return null;
            }
        }
        return node;
    }
}
