package io.ciosync.mapping;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Which Customer.io identifier the {@code userId} field holds (job config {@code "identifier"}). v1 identify
 * infers it from the path segment ({@link #v1Path}); a v2 batch entry names it: {@code "identifiers":
 * {v2Key(): v2Value(value)}}.
 */
public enum Identifier {
    ID,
    EMAIL,
    CIO_ID;

    private static final String CIO_PREFIX = "cio_";

    public static Optional<Identifier> of(String wire) {
        return Arrays.stream(values()).filter(i -> i.wire().equals(wire)).findFirst();
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The key of v2's {@code identifiers} object. */
    public String v2Key() {
        return wire();
    }

    /** The value of v2's {@code identifiers} object: a cio_id without its {@code cio_} prefix. */
    public String v2Value(String value) {
        return this == CIO_ID && value.startsWith(CIO_PREFIX) ? value.substring(CIO_PREFIX.length()) : value;
    }

    /** The v1 path identifier: the id or email as it is, a cio_id as {@code cio_<value>}. */
    public String v1Path(String value) {
        return this == CIO_ID ? CIO_PREFIX + v2Value(value) : value;
    }

    /** Why this value cannot be this kind of identifier, if it cannot. */
    Optional<String> check(String value) {
        return this == EMAIL && !value.contains("@")
                ? Optional.of("the userId value is not an email address (the job's identifier is email)")
                : Optional.empty();
    }
}
