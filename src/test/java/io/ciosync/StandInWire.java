package io.ciosync;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/** Byte-level details of requests as they arrive: path segments, Basic auth, media type, entry sizes. */
final class StandInWire {

    private StandInWire() {}

    /** Strict percent-decoding of one path segment as UTF-8 ({@code +} stays {@code +}); null if malformed. */
    static String decodeSegment(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); ) {
            int c = raw.codePointAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.write(hi << 4 | lo);
                i += 3;
            } else {
                bytes.writeBytes(Character.toString(c).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(c);
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** {@code user:password} of a Basic {@code Authorization} header, or null. */
    static String basicUserPass(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String userPass = new String(
                    Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            return userPass.indexOf(':') < 0 ? null : userPass;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The site id (Basic user) of an {@code Authorization} header, or null. */
    static String siteId(String authorization) {
        String userPass = basicUserPass(authorization);
        return userPass == null ? null : userPass.substring(0, userPass.indexOf(':'));
    }

    static boolean isJson(String contentType) {
        return contentType != null && contentType.split(";", 2)[0].trim().equalsIgnoreCase("application/json");
    }

    static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /**
     * The size in bytes, exactly as sent, of each element of the top-level {@code batch} array of a body that
     * is known to be a JSON object holding one (if the key repeats, the last one counts, as in the tree).
     */
    static List<Integer> entrySizes(byte[] body) {
        List<Integer> sizes = new ArrayList<>();
        try (JsonParser parser = JsonMapper.shared().createParser(body)) {
            parser.nextToken(); // START_OBJECT
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("batch".equals(name) && value == JsonToken.START_ARRAY) {
                    sizes.clear();
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        long start = parser.currentTokenLocation().getByteOffset();
                        parser.skipChildren();
                        sizes.add((int) (parser.currentLocation().getByteOffset() - start));
                    }
                } else {
                    parser.skipChildren();
                }
            }
        }
        return sizes;
    }
}
