package io.ciosync.mapping;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * A person identify entry of a v2 batch, exactly as sent:
 * {@code {"type":"person","identifiers":{"id":ID},"action":"identify","attributes":{...}}}. Customer.io takes
 * entries of at most {@value #MAX_BYTES} bytes; ingestion skips a bigger user, so delivery never meets one.
 */
public final class BatchEntry {

    /** Customer.io's per-entry limit (32 KB, read as 32,000 bytes: the stricter reading). */
    public static final int MAX_BYTES = 32_000;

    private static final String HEAD = "{\"type\":\"person\",\"identifiers\":{\"";
    private static final String KEY_END = "\":\"";
    private static final String MIDDLE = "\"},\"action\":\"identify\",\"attributes\":";
    private static final String TAIL = "}";
    private static final int FRAME_BYTES = HEAD.length() + KEY_END.length() + MIDDLE.length() + TAIL.length();
    private static final byte[] HEAD_UTF8 = HEAD.getBytes(StandardCharsets.UTF_8);
    private static final byte[] KEY_END_UTF8 = KEY_END.getBytes(StandardCharsets.UTF_8);
    private static final byte[] MIDDLE_UTF8 = MIDDLE.getBytes(StandardCharsets.UTF_8);
    private static final byte[] TAIL_UTF8 = TAIL.getBytes(StandardCharsets.UTF_8);

    private BatchEntry() {}

    /** The entry for a user (identified by {@code id}) whose mapped attributes are {@code attributesJson}. */
    public static String of(String userId, String attributesJson) {
        return of(Identifier.ID, userId, attributesJson);
    }

    /**
     * The entry for a user whose {@code userId} is of kind {@code identifier}: {@code identifiers} holds
     * {@code id}, {@code email} or {@code cio_id} (a cio_id without its {@code cio_} prefix).
     */
    public static String of(Identifier identifier, String userId, String attributesJson) {
        return HEAD
                + identifier.v2Key()
                + KEY_END
                + quoted(identifier.v2Value(userId))
                + MIDDLE
                + attributesJson
                + TAIL;
    }

    /** The UTF-8 size of {@link #of(String, String)}, without building it. */
    public static int bytes(String userId, String attributesJson) {
        return bytes(Identifier.ID, userId, attributesJson);
    }

    /** The UTF-8 size of {@link #of(Identifier, String, String)}, without building it. */
    public static int bytes(Identifier identifier, String userId, String attributesJson) {
        return bytes(identifier, userId, UserLimits.utf8Length(attributesJson));
    }

    /** The UTF-8 size of the entry of a user whose attributes are {@code attributesBytes} bytes of JSON. */
    public static int bytes(Identifier identifier, String userId, int attributesBytes) {
        return FRAME_BYTES
                + identifier.v2Key().length()
                + UserLimits.utf8Length(quoted(identifier.v2Value(userId)))
                + attributesBytes;
    }

    /** Writes {@link #of(Identifier, String, String)} as UTF-8, the attributes given as UTF-8 JSON. */
    public static void write(ByteArrayOutputStream out, Identifier identifier, String userId, byte[] attributesJson) {
        out.writeBytes(HEAD_UTF8);
        out.writeBytes(identifier.v2Key().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(KEY_END_UTF8);
        out.writeBytes(JsonStringEncoder.getInstance().quoteAsUTF8(identifier.v2Value(userId)));
        out.writeBytes(MIDDLE_UTF8);
        out.writeBytes(attributesJson);
        out.writeBytes(TAIL_UTF8);
    }

    private static String quoted(String s) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(s));
    }
}
