package io.ciosync.ingest;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;

/**
 * A parser that can bound the size of the next value it reads into memory (a config, one user record): reading
 * past {@code maxBytes} from where {@link #limitNext} was called fails with {@link JsonLimits.TooLarge}, before the
 * tree of a hostile value can exhaust the heap. Between limits it reads freely (the data array is streamed).
 */
final class BoundedParser extends JsonParserDelegate {

    private long start;
    private long maxBytes = -1;
    private String field;
    private String limitName;

    BoundedParser(JsonParser parser) {
        super(parser);
    }

    /** Bounds the value that starts at the current token: {@code field} names it, {@code limitName} its limit. */
    void limitNext(long maxBytes, String field, String limitName) {
        this.start = position();
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
        if (maxBytes >= 0 && position() - start > maxBytes) {
            throw new JsonLimits.TooLarge(field, "is larger than " + maxBytes + " bytes (" + limitName + ")");
        }
        return token;
    }

    @Override
    public JsonToken nextValue() throws IOException {
        JsonToken token = nextToken();
        return token == JsonToken.FIELD_NAME ? nextToken() : token;
    }

    private long position() {
        JsonLocation at = delegate.currentLocation();
        return Math.max(at.getByteOffset(), at.getCharOffset());
    }
}
