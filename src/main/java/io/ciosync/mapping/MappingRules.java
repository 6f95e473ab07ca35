package io.ciosync.mapping;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.ciosync.InvalidRequestException.Violation;

/** The rules of one mapping beyond JSON types: a source ({@code from} xor {@code value}), a known type and nulls. */
final class MappingRules {

    private MappingRules() {}

    static void check(JsonNode m, String at, List<Violation> problems) {
        boolean from = m.has("from");
        boolean value = m.has("value");
        if (from == value) {
            problems.add(
                    new Violation(
                            at + ".from",
                            from
                                    ? "give either \"from\" or \"value\", not both"
                                    : "needs \"from\" (a field or path such as address.city or tags[0]) or a constant \"value\""));
        }
        if (from
                && m.get("from").isTextual()
                && FieldPath.parse(m.get("from").textValue()).isEmpty()) {
            problems.add(new Violation(at + ".from", "is not a field path (e.g. name, address.city, tags[0])"));
        }
        if (value
                && !(m.get("value").isTextual()
                        || m.get("value").isNumber()
                        || m.get("value").isBoolean())) {
            problems.add(new Violation(
                    at + ".value",
                    "must be a string, number or boolean (got " + ConfigReader.describe(m.get("value")) + ")"));
        }
        JsonNode type = m.get("type");
        if (type != null && type.isTextual() && ValueType.of(type.textValue()).isEmpty()) {
            problems.add(new Violation(at + ".type", "must be one of string, number, boolean, timestamp"));
        }
        JsonNode nulls = m.get("nulls");
        if (nulls != null && nulls.isTextual() && !List.of("skip", "send").contains(nulls.textValue())) {
            problems.add(new Violation(at + ".nulls", "must be \"skip\" or \"send\""));
        }
        if (m.has("to") && CreatedAt.NAME.equals(m.get("to").asText())) {
            CreatedAt.check(m, at, problems);
        }
        if (value
                && type != null
                && type.isTextual()
                && ValueType.of(type.textValue()).isPresent()) {
            try {
                ValueType.of(type.textValue()).get().convert(m.get("value"));
            } catch (ValueType.ConversionException e) {
                problems.add(new Violation(at + ".value", e.getMessage()));
            }
        }
    }
}
