package io.ciosync.mapping;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * A mapping's optional {@code type}: converts a value before it is sent. {@code timestamp} reads ISO-8601
 * (date-time with offset, or a date: midnight UTC) or epoch milliseconds and sends Unix seconds, as Customer.io
 * wants for {@code created_at}.
 */
enum ValueType {
    STRING,
    NUMBER,
    BOOLEAN,
    TIMESTAMP;

    /** Why one user's value could not be converted. */
    static final class ConversionException extends Exception {
        ConversionException(String message) {
            super(message, null, false, false);
        }
    }

    static Optional<ValueType> of(String wire) {
        return Arrays.stream(values()).filter(t -> t.wire().equals(wire)).findFirst();
    }

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    JsonNode convert(JsonNode v) throws ConversionException {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (this) {
            case STRING -> {
                if (v.isTextual()) {
                    yield v;
                }
                if (v.isNumber() || v.isBoolean()) {
                    yield f.textNode(v.isNumber() ? plain(v.decimalValue()) : v.asText());
                }
                throw cannot(v);
            }
            case NUMBER -> {
                if (v.isNumber()) {
                    yield v;
                }
                if (v.isTextual()) {
                    try {
                        BigDecimal d = new BigDecimal(v.textValue().trim());
                        yield d.scale() <= 0 ? f.numberNode(d.toBigIntegerExact()) : f.numberNode(d);
                    } catch (NumberFormatException | ArithmeticException e) {
                        throw cannot(v);
                    }
                }
                throw cannot(v);
            }
            case BOOLEAN -> {
                if (v.isBoolean()) {
                    yield v;
                }
                String s = v.isTextual()
                        ? v.textValue().trim().toLowerCase(Locale.ROOT)
                        : v.isIntegralNumber() ? v.asText() : null;
                if ("true".equals(s) || "1".equals(s)) {
                    yield f.booleanNode(true);
                }
                if ("false".equals(s) || "0".equals(s)) {
                    yield f.booleanNode(false);
                }
                throw cannot(v);
            }
            case TIMESTAMP -> f.numberNode(epochSeconds(v));
        };
    }

    private long epochSeconds(JsonNode v) throws ConversionException {
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return seconds(v.longValue());
        }
        if (!v.isTextual()) {
            throw cannot(v);
        }
        String s = v.textValue().trim();
        if (s.matches("-?\\d{1,18}")) {
            return seconds(Long.parseLong(s));
        }
        try {
            return OffsetDateTime.parse(s).toEpochSecond();
        } catch (DateTimeParseException notOffset) {
            try {
                return Instant.parse(s).getEpochSecond();
            } catch (DateTimeParseException notInstant) {
                try {
                    return LocalDate.parse(s).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
                } catch (DateTimeParseException notDate) {
                    throw new ConversionException("'" + UserLimits.abbreviate(s) + "' is neither ISO-8601 nor epoch "
                            + "seconds or milliseconds");
                }
            }
        }
    }

    /** Epoch seconds, or milliseconds (over 10^11) as seconds. */
    private static long seconds(long epoch) {
        return Math.abs(epoch) > CreatedAt.MILLIS_ABOVE ? Math.floorDiv(epoch, 1000L) : epoch;
    }

    private ConversionException cannot(JsonNode v) {
        String shown = v.isTextual() ? "'" + UserLimits.abbreviate(v.textValue()) + "'" : ConfigReader.describe(v);
        return new ConversionException("cannot convert " + shown + " to " + wire());
    }

    private static String plain(BigDecimal d) {
        return d.stripTrailingZeros().toPlainString();
    }
}
