package io.ciosync.mapping;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ciosync.store.SkipReason;

/**
 * Turns one input record into what Customer.io receives, with the original script's semantics: the id is the value
 * of the {@code userId} field (numbers become their decimal string); the attributes are exactly the mapped
 * {@code to} names of the {@code from} fields present in the record (null values are not sent). A {@code created_at}
 * in epoch milliseconds is sent as seconds ({@link CreatedAt}). One mapper per thread: it reuses its JSON writer.
 */
public final class UserMapper {

    /**
     * The result for one record: either {@code payload} (the attributes as JSON) is set, with {@code email} its
     * {@code email} attribute normalized (trimmed, lower case; null when it has none), or {@code skipReason} says
     * why not and {@code skipKind} which kind of reason that is.
     */
    public record MappedUser(String userId, byte[] payload, String email, SkipReason skipKind, String skipReason) {

        static MappedUser skip(String userId, SkipReason kind, String reason) {
            return new MappedUser(userId, null, null, kind, reason);
        }

        public boolean skipped() {
            return skipReason != null;
        }
    }

    /** A mapping made ready once per job: its path parsed and its type looked up. */
    private record Compiled(
            String to, FieldPath from, JsonNode constant, ValueType type, boolean sendNulls, boolean createdAt) {}

    private static final ObjectMapper READER = new ObjectMapper();

    private final SyncConfig config;
    private final List<Compiled> mappings;
    private final JsonText text = new JsonText();
    private long millisCreatedAt;
    private long exampleMillis;

    public UserMapper(SyncConfig config) {
        this.config = config;
        this.mappings = config.mappings().stream()
                .map(m -> new Compiled(
                        m.to(),
                        m.from() == null ? null : FieldPath.parse(m.from()).orElseThrow(),
                        m.value(),
                        m.type() == null ? null : ValueType.of(m.type()).orElseThrow(),
                        m.sendsNulls(),
                        CreatedAt.NAME.equals(m.to())
                                && !ValueType.TIMESTAMP.wire().equals(m.type())))
                .toList();
    }

    public MappedUser map(JsonNode record) {
        if (!record.isObject()) {
            return MappedUser.skip(null, SkipReason.INVALID_RECORD, "the record is not a JSON object");
        }
        JsonNode idNode = record.get(config.userId());
        if (idNode == null || idNode.isNull()) {
            return MappedUser.skip(
                    null, SkipReason.INVALID_USER_ID, "the record has no '" + config.userId() + "' field (the userId)");
        }
        if (!idNode.isTextual() && !idNode.isNumber()) {
            return MappedUser.skip(
                    null,
                    SkipReason.INVALID_USER_ID,
                    "the '" + config.userId() + "' field is " + ConfigReader.describe(idNode)
                            + ", not a string or number");
        }
        if (idNode.isFloatingPointNumber() && !Double.isFinite(idNode.doubleValue())) {
            return MappedUser.skip(
                    null, SkipReason.INVALID_USER_ID, "the '" + config.userId() + "' field is a number out of range");
        }
        String id = idNode.isTextual()
                ? idNode.textValue()
                : idNode.isIntegralNumber()
                        ? idNode.bigIntegerValue().toString()
                        : idNode.decimalValue().stripTrailingZeros().toPlainString();
        var idProblem = config.identifierKind()
                .check(id)
                .or(() -> UserLimits.checkId(config.identifierKind().v1Path(id)));
        if (idProblem.isPresent()) {
            return MappedUser.skip(id, SkipReason.INVALID_USER_ID, idProblem.get());
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
                value = m.type() == null ? value : m.type().convert(value);
            } catch (ValueType.ConversionException e) {
                return MappedUser.skip(id, SkipReason.INVALID_VALUE, "attribute '" + m.to() + "': " + e.getMessage());
            }
            if (m.createdAt()) {
                if (value.isTextual()) { // a top-level field refuses the whole job first; a nested one skips its user
                    return MappedUser.skip(
                            id,
                            SkipReason.INVALID_VALUE,
                            "attribute '" + m.to() + "' is the string '"
                                    + UserLimits.abbreviate(value.textValue())
                                    + "', and Customer.io reads it as Unix seconds: "
                                    + "add \"type\": \"timestamp\" to the mapping to convert it");
                }
                value = value.isNumber() && CreatedAt.millis(value) ? millisToSeconds(value) : value;
            }
            payload.set(m.to(), value);
        }
        var attributesProblem = UserLimits.checkAttributes(payload);
        if (attributesProblem.isPresent()) {
            return MappedUser.skip(id, SkipReason.OVER_LIMIT, attributesProblem.get());
        }
        if (config.updatesOnly()) {
            payload.put("_update", true);
        }
        byte[] json = text.of(payload);
        int entryBytes = config.batch() ? BatchEntry.bytes(config.identifierKind(), id, json.length) : 0;
        if (entryBytes > BatchEntry.MAX_BYTES) {
            return MappedUser.skip(
                    id,
                    SkipReason.OVER_LIMIT,
                    "as a v2 batch entry this user is " + entryBytes
                            + " bytes; Customer.io allows " + BatchEntry.MAX_BYTES
                            + " (a job with \"api\": \"v1\" sends users one by one)");
        }
        return new MappedUser(id, json, email(payload), null, null);
    }

    /** How many users' created_at were epoch milliseconds, sent as seconds; {@link #exampleMillis} shows one. */
    public long millisCreatedAt() {
        return millisCreatedAt;
    }

    public long exampleMillis() {
        return exampleMillis;
    }

    private JsonNode millisToSeconds(JsonNode millis) {
        if (millisCreatedAt++ == 0) {
            exampleMillis = millis.longValue();
        }
        return CreatedAt.seconds(millis);
    }

    /** The {@code email} attribute of a stored payload (UTF-8 JSON) as {@link #email(JsonNode)} gives it. */
    public static String email(byte[] payload) {
        try {
            return email(READER.readTree(payload));
        } catch (IOException e) { // a payload this mapper wrote is JSON
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code email} attribute as Customer.io compares it (trimmed, case-insensitive); null when none is sent. */
    public static String email(JsonNode attributes) {
        JsonNode email = attributes.get("email");
        String key =
                email != null && email.isTextual() ? email.textValue().trim().toLowerCase(Locale.ROOT) : "";
        return key.isEmpty() ? null : key;
    }
}
