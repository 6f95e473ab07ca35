package io.ciosync.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.TreeNode;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ciosync.InvalidRequestException;

/**
 * A parser that can bound the size of the next value it reads into memory (a config, one user record): reading
 * past {@code maxBytes} from where {@link #limitNext} was called fails with {@link JsonLimits.TooLarge}, before the
 * tree of a hostile value can exhaust the heap. Between limits it reads freely (the data array is streamed).
 * While a value is bounded, each token adds what it holds (a string's characters, a name's, a number's) to a count
 * that is never more than the bytes read, so that the parser's exact position (a {@code JsonLocation} allocated per
 * call: 5% of a million-user job when asked for every token) is asked for only once that count passes the limit,
 * and once when the value has been read ({@link #readValueAsTree}).
 */
final class BoundedParser extends JsonParserDelegate {

    private long start;
    private long maxBytes = -1;
    /** Bytes the bounded value has at least taken so far: a lower bound of {@code position() - start}. */
    private long atLeast;

    private String field;
    private String limitName;

    /** The keys of open objects, when {@link #skipValue} refuses a key given twice in one; else null. */
    private final KeyCheck keys;

    BoundedParser(JsonParser parser) {
        this(parser, null);
    }

    /**
     * A parser of user records, without Jackson's strict duplicate detection (a hash set for every object of three
     * keys or more: most of the time of a pass over records). With {@code checkingKeys}, {@link #skipValue} refuses a
     * key given twice in one object instead, with Jackson's message; without, the caller has another pass do that.
     */
    static BoundedParser ofRecords(ObjectMapper json, InputStream in, boolean checkingKeys) throws IOException {
        JsonParser parser = json.createParser(in).disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        return new BoundedParser(parser, checkingKeys ? new KeyCheck() : null);
    }

    private BoundedParser(JsonParser parser, KeyCheck keys) {
        super(parser);
        this.keys = keys;
    }

    /** Bounds the value that starts at the current token: {@code field} names it, {@code limitName} its limit. */
    void limitNext(long maxBytes, String field, String limitName) {
        this.start = position();
        this.atLeast = 0;
        this.maxBytes = maxBytes;
        this.field = field;
        this.limitName = limitName;
    }

    void unlimited() {
        this.maxBytes = -1;
    }

    @Override
    public JsonToken nextToken() throws IOException {
        JsonToken token = super.nextToken();
        if (maxBytes >= 0 && token != null && (atLeast += leastBytes(token)) > maxBytes) {
            checkLimit();
        }
        return token;
    }

    /** Reads the value at the current token into a tree; a bounded value is measured exactly once it is read. */
    @Override
    public <T extends TreeNode> T readValueAsTree() throws IOException {
        T tree = super.readValueAsTree();
        if (maxBytes >= 0) {
            checkLimit();
        }
        return tree;
    }

    private void checkLimit() throws IOException {
        if (position() - start > maxBytes) {
            throw new JsonLimits.TooLarge(field, "is larger than " + maxBytes + " bytes (" + limitName + ")");
        }
    }

    /** The fewest bytes the token can have taken in UTF-8 (a character is one byte or more; quotes count). */
    private int leastBytes(JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_STRING, FIELD_NAME -> delegate.getTextLength() + 2;
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> delegate.getTextLength();
            case VALUE_TRUE, VALUE_NULL -> 4;
            case VALUE_FALSE -> 5;
            default -> 1;
        };
    }

    @Override
    public JsonToken nextValue() throws IOException {
        JsonToken token = nextToken();
        return token == JsonToken.FIELD_NAME ? nextToken() : token;
    }

    /**
     * Reads past the value at the current token without building it, with every check reading it would make: each
     * token (nesting, number lengths, duplicate keys) and each string's text (its length and encoding). Returns its
     * size, measured as {@link #limitNext} measures; {@code field} names it if the input ends inside it. When
     * {@code watched} is not null, {@code strings} gets the text of the value's top-level field {@code watched} if
     * that is a string.
     */
    long skipValue(String field, String watched, Consumer<String> strings) throws IOException {
        long start = position();
        int depth = 0;
        boolean atWatched = false;
        for (JsonToken token = delegate.currentToken(); ; token = delegate.nextToken()) {
            if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                depth++;
                if (keys != null && token == JsonToken.START_OBJECT) {
                    keys.at(depth).clear();
                }
            } else if (token == JsonToken.FIELD_NAME
                    && keys != null
                    && !keys.at(depth).add(delegate.currentName())) {
                throw new JsonParseException(delegate, "Duplicate field '" + delegate.currentName() + "'");
            } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                depth--;
            } else if (token == JsonToken.VALUE_STRING) {
                delegate.getTextLength();
            } else if (token == null) {
                throw InvalidRequestException.of(field, "ends in the middle of a record (truncated?)");
            }
            if (watched != null) {
                if (atWatched && token == JsonToken.VALUE_STRING) {
                    strings.accept(delegate.getText());
                }
                atWatched = depth == 1 && token == JsonToken.FIELD_NAME && watched.equals(delegate.currentName());
            }
            if (depth == 0) {
                return position() - start;
            }
        }
    }

    /** The keys of each open object, by depth, reused from one object to the next. */
    private static final class KeyCheck {
        private final List<Keys> levels = new ArrayList<>();

        Keys at(int depth) {
            while (levels.size() <= depth) {
                levels.add(new Keys());
            }
            return levels.get(depth);
        }
    }

    /** The keys of one object: a list while it is small (a user record), a set once it has many. */
    private static final class Keys {
        private static final int SMALL = 16;
        private final List<String> few = new ArrayList<>(SMALL);
        private final Set<String> many = new HashSet<>();

        void clear() {
            few.clear();
            many.clear();
        }

        boolean add(String key) {
            if (!many.isEmpty()) {
                return many.add(key);
            }
            if (few.contains(key)) {
                return false;
            }
            few.add(key);
            if (few.size() == SMALL) {
                many.addAll(few);
            }
            return true;
        }
    }

    private long position() {
        JsonLocation at = delegate.currentLocation();
        return Math.max(at.getByteOffset(), at.getCharOffset());
    }
}
