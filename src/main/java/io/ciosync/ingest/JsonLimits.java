package io.ciosync.ingest;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Bounds what one JSON document may make the parser do (Jackson's {@link StreamReadConstraints}: nesting depth,
 * string and number length, from {@code cio-sync.json.*}) and refuses duplicate keys, for every parser the
 * application's ObjectMapper creates: request bodies, referenced files, stored configs.
 */
@Singleton
class JsonLimits implements ObjectMapperCustomizer {

    private final JsonConfig limits;

    JsonLimits(JsonConfig limits) {
        this.limits = limits;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxNestingDepth())
                        .maxStringLength(limits.maxStringLength())
                        .maxNumberLength(limits.maxNumberLength())
                        .build());
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    /** Which limit a violation broke, as a problem: HTTP status and message naming the setting. */
    record Broken(int status, String message) {}

    static Broken describe(StreamConstraintsException e) {
        String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (m.contains("getMaxNestingDepth")) {
            return new Broken(400, "is nested deeper than " + number(m) + " levels (cio-sync.json.max-nesting-depth)");
        }
        if (m.contains("getMaxNameLength")) {
            return new Broken(413, "has a key longer than " + number(m) + " characters");
        }
        if (m.contains("getMaxStringLength")) {
            return new Broken(
                    413, "has a string longer than " + number(m) + " characters (cio-sync.json.max-string-length)");
        }
        if (m.contains("getMaxNumberLength")) {
            return new Broken(
                    400, "has a number longer than " + number(m) + " characters (cio-sync.json.max-number-length)");
        }
        return new Broken(413, "is larger than the JSON parser allows");
    }

    /** The limit in Jackson's message "… exceeds the maximum allowed (64, from …)". */
    private static String number(String message) {
        int open = message.lastIndexOf("allowed (");
        int comma = open < 0 ? -1 : message.indexOf(',', open);
        return comma < 0
                ? "the allowed"
                : message.substring(open + "allowed (".length(), comma).trim();
    }

    /** A value larger than a cio-sync limit: {@code field} names where it is, the message names the limit. */
    static final class TooLarge extends StreamConstraintsException {
        private final String field;

        TooLarge(String field, String message) {
            super(message);
            this.field = field;
        }

        String field() {
            return field;
        }
    }
}
