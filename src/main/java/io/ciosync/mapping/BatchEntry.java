package io.ciosync.mapping;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * A person identify entry of a v2 batch, exactly as sent:
 * {@code {"type":"person","identifiers":{"id":ID},"action":"identify","attributes":{...}}}. Customer.io takes
 * entries of at most {@value #MAX_BYTES} bytes; ingestion skips a bigger user, so delivery never meets one.
 */
public final class BatchEntry {

    /** Customer.io's per-entry limit (32 KB, read as 32,000 bytes: the stricter reading). */
    public static final int MAX_BYTES = 32_000;

    private static final String HEAD = "{\"type\":\"person\",\"identifiers\":{\"id\":\"";
    private static final String MIDDLE = "\"},\"action\":\"identify\",\"attributes\":";
    private static final String TAIL = "}";
    private static final int FRAME_BYTES = HEAD.length() + MIDDLE.length() + TAIL.length();

    private BatchEntry() {
    }

    /** The entry for a user whose mapped attributes are {@code attributesJson}. */
    public static String of(String userId, String attributesJson) {
        return HEAD + quoted(userId) + MIDDLE + attributesJson + TAIL;
    }

    /** The UTF-8 size of {@link #of}, without building it. */
    public static int bytes(String userId, String attributesJson) {
        return FRAME_BYTES + UserLimits.utf8Length(quoted(userId)) + UserLimits.utf8Length(attributesJson);
    }

    private static String quoted(String s) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(s));
    }
}
