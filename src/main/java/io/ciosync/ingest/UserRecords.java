package io.ciosync.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiConsumer;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ciosync.InvalidRequestException;

/**
 * The users of a data file one record at a time, whatever its {@link DataFormat} (decompressed already, by
 * {@link Decompressed}): nothing but the current record is held in memory. CSV rows become objects of strings keyed
 * by the header (an empty cell is null), each cell bounded as a JSON string is ({@code cio-sync.json.*}).
 */
abstract class UserRecords implements AutoCloseable {

    protected final String field;
    /** Largest record (bytes of JSON, characters of a CSV row); a larger one fails with {@link JsonLimits.TooLarge}. */
    protected long maxRecordBytes = -1;
    /** The index of the record {@link #next} reads, for the field named in a problem. */
    protected int index;
    /** The top-level field whose strings {@link #skip} reports to {@link #strings} (see {@link #watchStrings}). */
    private String watched;

    private BiConsumer<String, String> strings;

    UserRecords(String field) {
        this.field = field;
    }

    /** Bounds every record's size (cio-sync.max-user-record-size). */
    UserRecords limitRecords(long maxBytes) {
        this.maxRecordBytes = maxBytes;
        return this;
    }

    /**
     * From now on {@link #skip} of JSON records calls {@code seen} with the record's field name (e.g. {@code data[3]})
     * and the text of its top-level field {@code name} whenever that is a string (CSV cells always are).
     */
    void watchStrings(String name, BiConsumer<String, String> seen) {
        this.watched = name;
        this.strings = seen;
    }

    protected String recordField() {
        return field + "[" + index + "]";
    }

    protected static final String RECORD_LIMIT = "cio-sync.max-user-record-size";

    /** The next record, or null after the last one. */
    abstract JsonNode next() throws IOException;

    /**
     * Reads past the next record without keeping it, with every check {@link #next} makes (syntax, parser limits,
     * record size); false after the last one. A first pass of these proves the whole input readable before any user
     * is sent.
     */
    abstract boolean skip() throws IOException;

    @Override
    public abstract void close() throws IOException;

    /** Opens a file of records; {@code checking}: the pass that {@link #skip}s them, which refuses keys given twice. */
    static UserRecords open(Path file, DataFormat format, ObjectMapper json, String field, boolean checking)
            throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file)); // never gzip: see Decompressed
        try {
            return switch (format.kind()) {
                case JSON -> new JsonArray(BoundedParser.ofRecords(json, in, checking), field);
                case NDJSON -> new Lines(BoundedParser.ofRecords(json, in, checking), field);
                case CSV -> CsvRows.open(json, in, field);
            };
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private static final class JsonArray extends UserRecords {
        private final BoundedParser parser;

        JsonArray(BoundedParser parser, String field) throws IOException {
            super(field);
            this.parser = parser;
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_ARRAY) {
                parser.close();
                throw InvalidRequestException.of(
                        field, "must be a JSON array of user objects (got " + SubmissionReader.describe(first) + ")");
            }
        }

        @Override
        JsonNode next() throws IOException {
            return atRecord() ? bounded(parser) : null;
        }

        @Override
        boolean skip() throws IOException {
            if (!atRecord()) {
                return false;
            }
            skipValue(parser);
            return true;
        }

        /** Moves to the next record; false at the end of the array (nothing may follow it). */
        private boolean atRecord() throws IOException {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw InvalidRequestException.of(field, "ends before the array is closed (truncated?)");
            }
            if (token == JsonToken.END_ARRAY) {
                if (parser.nextToken() != null) {
                    throw InvalidRequestException.of(field, "has content after the end of the array");
                }
                return false;
            }
            return true;
        }

        @Override
        public void close() throws IOException {
            parser.close();
        }
    }

    /** Reads past the value at the parser's current token as {@link #next} would read it, keeping nothing. */
    protected void skipValue(BoundedParser parser) throws IOException {
        if (parser.skipValue(field, watched, text -> strings.accept(recordField(), text)) > maxRecordBytes
                && maxRecordBytes >= 0) {
            throw tooLarge();
        }
        index++;
    }

    protected JsonLimits.TooLarge tooLarge() {
        return new JsonLimits.TooLarge(
                recordField(), "is larger than " + maxRecordBytes + " bytes (" + RECORD_LIMIT + ")");
    }

    /** Reads the value at the parser's current token, bounded by the record limit. */
    protected JsonNode bounded(BoundedParser parser) throws IOException {
        if (maxRecordBytes >= 0) {
            parser.limitNext(maxRecordBytes, recordField(), RECORD_LIMIT);
        }
        try {
            JsonNode record = parser.readValueAsTree();
            index++;
            return record;
        } finally {
            parser.unlimited();
        }
    }

    /** NDJSON: one JSON value per line (read as a sequence of root-level values). */
    private static final class Lines extends UserRecords {
        private final BoundedParser parser;

        Lines(BoundedParser parser, String field) {
            super(field);
            this.parser = parser;
        }

        @Override
        JsonNode next() throws IOException {
            return parser.nextToken() == null ? null : bounded(parser);
        }

        @Override
        boolean skip() throws IOException {
            if (parser.nextToken() == null) {
                return false;
            }
            skipValue(parser);
            return true;
        }

        @Override
        public void close() throws IOException {
            parser.close();
        }
    }
}
