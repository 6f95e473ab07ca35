package io.ciosync.mapping;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.ciosync.InvalidRequestException.Violation;

/**
 * The {@code mappings} of a job config ({@link ConfigReader}): each one's keys and JSON types, and the attribute
 * names they map to (each once, never an identifier, a warning for a name Customer.io reserves).
 */
final class ConfigMappings {

    /** Names that never change the person's identifier: sending one as an attribute does nothing it seems to. */
    private static final Map<String, String> IDENTIFIER_NAMES = Map.of(
            "id",
            "'id' is the identifier; name the id field with userId instead",
            "cio_id",
            "'cio_id' is Customer.io's own identifier and cannot be set; name the id field with userId "
                    + "(and \"identifier\": \"cio_id\" if it holds cio_ids)");
    /** Names Customer.io gives a meaning (../shared/customerio/TRACK-API.md): allowed, with a warning saying which. */
    private static final Map<String, String> RESERVED_NAMES = Map.of(
            "_update", "makes Customer.io only update people who exist, never create one (see \"updateOnly\")",
            "_timestamp", "orders updates: Customer.io ignores an update older than the person's latest",
            "anonymous_id", "merges the person with the anonymous activity of that id",
            "cio_relationships", "sets the person's relationships to objects, not an attribute",
            "cio_subscription_preferences", "sets the person's subscription preferences, not an attribute");

    private static final Set<String> MAPPING_KEYS = Set.of("from", "to", "value", "type", "nulls");

    private ConfigMappings() {}

    static List<SyncConfig.Mapping> read(
            JsonNode array, String where, List<Violation> problems, List<Violation> rules) {
        List<SyncConfig.Mapping> mappings = new ArrayList<>();
        if (array == null || !array.isArray()) {
            return array == null || array.isNull() ? null : mappings;
        }
        for (int i = 0; i < array.size(); i++) {
            JsonNode m = array.get(i);
            String at = where + "[" + i + "]";
            if (!m.isObject()) {
                problems.add(new Violation(at, "must be an object {\"from\": ..., \"to\": ...}"));
                continue;
            }
            for (String key : List.of("from", "to", "type", "nulls")) {
                if (m.has(key) && !m.get(key).isTextual()) {
                    problems.add(new Violation(
                            at + "." + key, "must be a string (got " + ConfigReader.describe(m.get(key)) + ")"));
                }
            }
            m.fieldNames().forEachRemaining(k -> {
                if (!MAPPING_KEYS.contains(k)) {
                    problems.add(new Violation(
                            at + "." + k,
                            "is not a mapping key (use \"from\" or \"value\", "
                                    + "\"to\", and optionally \"type\" and \"nulls\")"));
                }
            });
            MappingRules.check(m, at, rules);
            mappings.add(new SyncConfig.Mapping(
                    ConfigReader.text(m, "from"),
                    ConfigReader.text(m, "to"),
                    m.get("value"),
                    ConfigReader.text(m, "type"),
                    ConfigReader.text(m, "nulls")));
        }
        return mappings;
    }

    static void checkTargets(
            List<SyncConfig.Mapping> mappings, String where, List<Violation> problems, List<String> warnings) {
        if (mappings == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < mappings.size(); i++) {
            String to = mappings.get(i) == null ? null : mappings.get(i).to();
            String at = where + ".mappings[" + i + "].to";
            if (to == null || to.isBlank()) {
                continue;
            }
            if (!seen.add(to)) {
                problems.add(new Violation(at, "maps to '" + to + "' again; each attribute may be mapped once"));
            }
            if (IDENTIFIER_NAMES.containsKey(to)) {
                problems.add(new Violation(at, IDENTIFIER_NAMES.get(to)));
            }
            if (RESERVED_NAMES.containsKey(to)) {
                warnings.add(at + " is '" + to + "', which Customer.io reserves: it " + RESERVED_NAMES.get(to));
            }
            if (to.getBytes(StandardCharsets.UTF_8).length > UserLimits.MAX_NAME_BYTES) {
                problems.add(new Violation(
                        at,
                        "is longer than Customer.io's " + UserLimits.MAX_NAME_BYTES + "-byte attribute name limit"));
            }
        }
    }
}
