package io.ciosync.customerio;

import java.nio.charset.StandardCharsets;

/**
 * One path segment, percent-encoded as RFC 3986 says a segment must be to be taken as data: every byte of its UTF-8
 * form outside the unreserved set ({@code A-Z a-z 0-9 - . _ ~}) as {@code %XX}, and the dot segments {@code .} and
 * {@code ..}, which a receiver may remove as path steps (section 5.2.4), as {@code %2E} and {@code %2E%2E}.
 */
final class PathSegment {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PathSegment() {}

    static String encode(String segment) {
        if (segment.equals(".") || segment.equals("..")) {
            return segment.replace(".", "%2E");
        }
        StringBuilder out = new StringBuilder(segment.length() + 8);
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'A' && c <= 'Z'
                    || c >= 'a' && c <= 'z'
                    || c >= '0' && c <= '9'
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }
}
