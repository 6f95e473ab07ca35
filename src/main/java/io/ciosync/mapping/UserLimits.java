package io.ciosync.mapping;

import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Customer.io's documented per-person limits (../shared/customerio/TRACK-API.md), checked before anything is sent. */
public final class UserLimits {

    public static final int MAX_ID_BYTES = 150;
    public static final int MAX_ATTRIBUTES = 300;
    public static final int MAX_NAME_BYTES = 150;
    public static final int MAX_VALUE_BYTES = 1000;

    private UserLimits() {}

    /** Why this identifier cannot be sent, if it cannot. */
    public static Optional<String> checkId(String id) {
        if (id.isBlank()) {
            return Optional.of("the userId value is blank");
        }
        if (id.indexOf('\0') >= 0) {
            return Optional.of("the userId value contains a NUL character");
        }
        int bytes = utf8Length(id);
        return bytes > MAX_ID_BYTES
                ? Optional.of("the userId value is " + bytes + " bytes; Customer.io allows " + MAX_ID_BYTES)
                : Optional.empty();
    }

    /** Why these attributes cannot be sent, if they cannot. */
    public static Optional<String> checkAttributes(ObjectNode attributes) {
        if (attributes.size() > MAX_ATTRIBUTES) {
            return Optional.of(attributes.size() + " attributes; Customer.io allows " + MAX_ATTRIBUTES);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = attributes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (utf8Length(e.getKey()) > MAX_NAME_BYTES) {
                return Optional.of(
                        "attribute name '" + abbreviate(e.getKey()) + "' is over " + MAX_NAME_BYTES + " bytes");
            }
            JsonNode v = e.getValue();
            if (v.isFloatingPointNumber() && !Double.isFinite(v.doubleValue())) {
                return Optional.of("attribute '" + e.getKey() + "' is a number out of range");
            }
            // a number, boolean or null is ASCII as written; only a container is written out to be measured
            int bytes = v.isTextual()
                    ? utf8Length(v.textValue())
                    : v.isContainerNode()
                            ? utf8Length(v.toString())
                            : v.asText().length();
            if (bytes > MAX_VALUE_BYTES) {
                return Optional.of(
                        "attribute '" + e.getKey() + "' is " + bytes + " bytes; Customer.io allows " + MAX_VALUE_BYTES);
            }
        }
        return Optional.empty();
    }

    /** The UTF-8 size of {@code s}, counted without encoding it. */
    public static int utf8Length(String s) {
        int bytes = s.length();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    bytes += 1;
                } else if (Character.isHighSurrogate(c)
                        && i + 1 < s.length()
                        && Character.isLowSurrogate(s.charAt(i + 1))) {
                    bytes += 2; // a pair: 2 chars, 4 bytes
                    i++;
                } else {
                    bytes += 2;
                }
            }
        }
        return bytes;
    }

    public static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
