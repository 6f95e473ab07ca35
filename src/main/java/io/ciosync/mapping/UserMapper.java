package io.ciosync.mapping;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns one input record into what Customer.io receives, with the original script's semantics: the id is the value
 * of the {@code userId} field (numbers become their decimal string); the attributes are exactly the mapped
 * {@code to} names of the {@code from} fields present in the record (null values are not sent). One mapper per
 * thread: it reuses its JSON writer.
 */
public final class UserMapper {

    /** The result for one record: either {@code payload} (the attributes as JSON) is set, or {@code skipReason} says why not. */
    public record MappedUser(String userId, byte[] payload, String skipReason) {
        public boolean skipped() {
            return skipReason != null;
        }
    }

    /** A mapping made ready once per job: its path parsed and its type looked up. */
    private record Compiled(String to, FieldPath from, JsonNode constant, ValueType type, boolean sendNulls) {
    }

    private final SyncConfig config;
    private final List<Compiled> mappings;
    private final JsonText text = new JsonText();

    public UserMapper(SyncConfig config) {
        this.config = config;
        this.mappings = config.mappings().stream().map(m -> new Compiled(m.to(),
                m.from() == null ? null : FieldPath.parse(m.from()).orElseThrow(),
                m.value(), m.type() == null ? null : ValueType.of(m.type()).orElseThrow(), m.sendsNulls())).toList();
    }

    public MappedUser map(JsonNode record) {
        if (!record.isObject()) {
            return new MappedUser(null, null, "the record is not a JSON object");
        }
        JsonNode idNode = record.get(config.userId());
        if (idNode == null || idNode.isNull()) {
            return new MappedUser(null, null, "the record has no '" + config.userId() + "' field (the userId)");
        }
        if (!idNode.isTextual() && !idNode.isNumber()) {
            return new MappedUser(null, null, "the '" + config.userId() + "' field is "
                    + ConfigReader.describe(idNode) + ", not a string or number");
        }
        if (idNode.isFloatingPointNumber() && !Double.isFinite(idNode.doubleValue())) {
            return new MappedUser(null, null, "the '" + config.userId() + "' field is a number out of range");
        }
        String id = idNode.isTextual() ? idNode.textValue()
                : idNode.isIntegralNumber() ? idNode.bigIntegerValue().toString()
                : idNode.decimalValue().stripTrailingZeros().toPlainString();
        var idProblem = config.identifierKind().check(id).or(() -> UserLimits.checkId(config.identifierKind()
                .v1Path(id)));
        if (idProblem.isPresent()) {
            return new MappedUser(id, null, idProblem.get());
        }
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        for (Compiled m : mappings) {
            JsonNode value = m.constant() != null ? m.constant() : m.from().resolve(record);
            if (value == null) {
                continue; // a missing field is not sent
            }
            if (value.isNull()) { // v1 takes strings, numbers and booleans: "" is how a value is cleared
                if (m.sendNulls()) {
                    payload.put(m.to(), "");
                }
                continue;
            }
            try {
                payload.set(m.to(), m.type() == null ? value : m.type().convert(value));
            } catch (ValueType.ConversionException e) {
                return new MappedUser(id, null, "attribute '" + m.to() + "': " + e.getMessage());
            }
        }
        var attributesProblem = UserLimits.checkAttributes(payload);
        if (attributesProblem.isPresent()) {
            return new MappedUser(id, null, attributesProblem.get());
        }
        if (config.updatesOnly()) {
            payload.put("_update", true);
        }
        byte[] json = text.of(payload);
        int entryBytes = config.batch() ? BatchEntry.bytes(config.identifierKind(), id, json.length) : 0;
        if (entryBytes > BatchEntry.MAX_BYTES) {
            return new MappedUser(id, null, "as a v2 batch entry this user is " + entryBytes + " bytes; Customer.io "
                    + "allows " + BatchEntry.MAX_BYTES + " (a job with \"api\": \"v1\" sends users one by one)");
        }
        return new MappedUser(id, json, null);
    }
}
