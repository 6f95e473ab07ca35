package io.ciosync.mapping;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.ciosync.InvalidRequestException;
import io.ciosync.InvalidRequestException.Violation;

/**
 * Customer.io reads {@code created_at} as Unix seconds and stores anything else as it is (an ISO string or epoch
 * milliseconds break date segments; milliseconds read as dates around the year 50,000). So: a number over
 * 10^11 is taken as milliseconds and sent as seconds (a warning says how many); a string is refused unless its
 * mapping says {@code "type": "timestamp"}, which converts it (see {@link ValueType}).
 */
public final class CreatedAt {

    public static final String NAME = "created_at";
    /** Over this a number is epoch milliseconds: 10^11 s is in the year 5138, 10^11 ms in March 1973. */
    static final long MILLIS_ABOVE = 100_000_000_000L;

    private CreatedAt() {}

    /**
     * What the first pass over a job's data checks, for the mapping {@code field} (e.g. {@code config.mappings[4]})
     * that sends the top-level record field {@code from} as {@code created_at} without a type.
     */
    public record DataCheck(String field, String from) {

        /** The 400 for a record whose {@code from} is a string: the whole job is refused, nothing sent. */
        public InvalidRequestException stringAt(String recordField, String text) {
            return InvalidRequestException.of(
                    field,
                    "sends '" + from + "' as " + NAME + ", which Customer.io reads as "
                            + "Unix seconds, but " + recordField + " has the string '" + UserLimits.abbreviate(text)
                            + "' there: add \"type\": \"timestamp\" to convert ISO-8601 dates and numeric strings");
        }

        /** The 400 for CSV data, whose cells are all strings. */
        public InvalidRequestException fromCsv() {
            return InvalidRequestException.of(
                    field,
                    "sends the CSV column '" + from + "' as " + NAME + ", which "
                            + "Customer.io reads as Unix seconds, and CSV cells are strings: add \"type\": \"timestamp\" "
                            + "(ISO-8601 dates, epoch seconds or milliseconds) or \"number\"");
        }
    }

    /** The check of the first pass, if a mapping sends a top-level field as created_at without a type. */
    public static Optional<DataCheck> dataCheck(SyncConfig config, String where) {
        int i = index(config);
        SyncConfig.Mapping m = i < 0 ? null : config.mappings().get(i);
        if (m == null
                || m.type() != null
                || m.from() == null
                || !FieldPath.parse(m.from()).orElseThrow().topLevel()) {
            return Optional.empty();
        }
        return Optional.of(new DataCheck(field(where, i), m.from()));
    }

    /** The index of the mapping to created_at (there is one at most: each name is mapped once), or -1. */
    private static int index(SyncConfig config) {
        List<SyncConfig.Mapping> mappings = config.mappings();
        for (int i = 0; i < mappings.size(); i++) {
            if (NAME.equals(mappings.get(i).to())) {
                return i;
            }
        }
        return -1;
    }

    private static String field(String where, int index) {
        return where + ".mappings[" + index + "]";
    }

    /** The config rules of a mapping to created_at: its type must make a number, its constant be one. */
    static void check(JsonNode m, String at, List<Violation> problems) {
        JsonNode type = m.get("type");
        String wire = type != null && type.isTextual() ? type.textValue() : null;
        if ("string".equals(wire) || "boolean".equals(wire)) {
            problems.add(new Violation(
                    at + ".type",
                    "makes " + NAME + " a " + wire + "; Customer.io reads it as Unix "
                            + "seconds: use \"timestamp\" (ISO-8601, epoch seconds or milliseconds) or \"number\""));
        } else if (wire == null && m.has("value") && m.get("value").isTextual()) {
            problems.add(new Violation(
                    at,
                    "sends the string '" + UserLimits.abbreviate(m.get("value").textValue())
                            + "' as " + NAME + ", which Customer.io reads as Unix seconds: give a number, or add "
                            + "\"type\": \"timestamp\" to convert it"));
        }
    }

    /** Whether this number is epoch milliseconds rather than seconds. */
    static boolean millis(JsonNode number) {
        return Math.abs(number.doubleValue()) > MILLIS_ABOVE;
    }

    /** Epoch milliseconds as whole Unix seconds (rounded down). */
    static JsonNode seconds(JsonNode millis) {
        return JsonNodeFactory.instance.numberNode(Math.floorDiv(millis.longValue(), 1000L));
    }

    /** The job warning for {@code count} users whose created_at was converted from milliseconds. */
    public static String millisWarning(String where, SyncConfig config, long count, long exampleMillis) {
        return field(where, index(config)) + ": " + count + (count == 1 ? " user's " : " users' ") + NAME
                + " was over 10^11, read as epoch milliseconds and sent as Unix seconds (e.g. " + exampleMillis + " as "
                + Math.floorDiv(exampleMillis, 1000L) + "); add \"type\": \"timestamp\" to the mapping to say so";
    }
}
