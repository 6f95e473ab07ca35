package io.ciosync.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/** CSV {@link UserRecords}: each row an object of strings keyed by the header, an empty cell null. */
final class CsvRows extends UserRecords {

    private final MappingIterator<Map<String, String>> rows;

    CsvRows(MappingIterator<Map<String, String>> rows, String field) {
        super(field);
        this.rows = rows;
    }

    @Override
    boolean skip() throws IOException {
        return row() != null;
    }

    private Map<String, String> row() throws IOException {
        if (!rows.hasNextValue()) {
            return null;
        }
        long start = rows.getParser().currentLocation().getCharOffset();
        Map<String, String> row = rows.nextValue();
        long end = rows.getParser().currentLocation().getCharOffset();
        if (maxRecordBytes >= 0 && start >= 0 && end - start > maxRecordBytes) {
            throw tooLarge();
        }
        index++;
        return row;
    }

    @Override
    JsonNode next() throws IOException {
        Map<String, String> row = row();
        if (row == null) {
            return null;
        }
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        row.forEach((k, v) -> {
            if (v == null || v.isEmpty()) {
                record.putNull(k);
            } else {
                record.put(k, v);
            }
        });
        return record;
    }

    @Override
    public void close() throws IOException {
        rows.close();
    }

    static CsvRows open(ObjectMapper json, InputStream in, String field) throws IOException {
        return new CsvRows(
                csv(json)
                        .readerFor(Map.class)
                        .with(CsvSchema.emptySchema().withHeader())
                        .readValues(in),
                field);
    }

    /** A CSV reader with the JSON parser's limits: a cell is as long as a JSON string may be, and no longer. */
    private static CsvMapper csv(ObjectMapper json) {
        return new CsvMapper(CsvFactory.builder()
                .enable(CsvParser.Feature.TRIM_SPACES)
                .streamReadConstraints(json.getFactory().streamReadConstraints())
                .build());
    }
}
