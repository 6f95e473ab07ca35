package io.ciosync.ingest;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

import io.ciosync.InvalidRequestException;
import io.ciosync.InvalidRequestException.Violation;

/**
 * Turns a JSON syntax error into a problem that says where, without echoing the input (it may hold a key, or be a
 * file's secret); a broken parser limit into one naming the limit (400 or 413).
 */
final class Malformed {

    private static final int MAX_MESSAGE = 160;
    /**
     * Quoted input, and what is kept: Jackson's own words ("token 'null', 'true' or 'false'") and the key of a
     * duplicate key (the structure, not a value). A character is quoted with its code: "('S' (code 83))".
     */
    private static final Pattern QUOTED = Pattern.compile("(Duplicate field '[^']*'|'(?:null|true|false|NaN|Infinity)')"
            + "|'[^']*'(?: \\(code \\d+\\))?|\"[^\"]*\"");

    private Malformed() {}

    static InvalidRequestException of(String field, JsonProcessingException e) {
        if (e instanceof JsonLimits.TooLarge tooLarge) {
            return new InvalidRequestException(
                    413, List.of(new Violation(tooLarge.field(), tooLarge.getOriginalMessage())));
        }
        if (e instanceof StreamConstraintsException limit) {
            JsonLimits.Broken broken = JsonLimits.describe(limit);
            return new InvalidRequestException(broken.status(), List.of(new Violation(field, broken.message())));
        }
        JsonLocation at = e.getLocation();
        String message = e.getOriginalMessage() == null ? "invalid JSON" : e.getOriginalMessage();
        int cut = message.indexOf('\n');
        message = cut > 0 ? message.substring(0, cut) : message;
        message = message.replaceAll("\\s*\\(start marker at \\[Source.*$", "").replaceAll("\\s*at \\[Source.*$", "");
        message = withoutInput(message);
        message = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "…" : message;
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return InvalidRequestException.of(field, "is not valid JSON" + where + ": " + message);
    }

    /** Jackson's message without any of the input it quotes: tokens, characters, character codes, bytes. */
    static String withoutInput(String message) {
        return QUOTED.matcher(message)
                .replaceAll(m -> m.group(1) != null ? Matcher.quoteReplacement(m.group(1)) : "…")
                .replaceAll("\\s*0x\\p{XDigit}+", "");
    }
}
