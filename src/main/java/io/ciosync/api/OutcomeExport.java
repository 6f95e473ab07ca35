package io.ciosync.api;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.StreamingOutput;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import io.ciosync.store.Outcome;
import io.ciosync.store.UserOutcome;
import io.ciosync.store.UserOutcomes;

/**
 * Every outcome of a job as CSV (header row) or NDJSON, streamed: read from the database in keyset pages and
 * written as they come, so a million users never sit in memory. In CSV, a cell a spreadsheet would read as a formula
 * (it begins with {@code = + - @}, a tab or a carriage return) is written with a {@code '} before it, as OWASP
 * recommends against CSV injection; NDJSON and JSON carry every value exactly.
 */
@ApplicationScoped
class OutcomeExport {

    static final String NDJSON = "application/x-ndjson";
    static final String CSV = "text/csv";
    private static final int PAGE = 1000;
    private static final CsvMapper CSV_MAPPER = new CsvMapper();
    private static final CsvSchema CSV_SCHEMA = CsvSchema.builder()
            .addColumn("userId")
            .addColumn("outcome")
            .addColumn("httpStatus")
            .addColumn("attempts")
            .addColumn("error")
            .build()
            .withHeader();

    private final UserOutcomes jobs;
    private final ObjectMapper json;

    OutcomeExport(UserOutcomes jobs, ObjectMapper json) {
        this.jobs = jobs;
        this.json = json;
    }

    /** The export format the client asks for first, if it prefers one to JSON ({@code *}{@code /*} means JSON). */
    static Optional<String> requested(List<MediaType> acceptable) {
        for (MediaType type : acceptable) {
            if (type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return Optional.empty();
            }
            for (String export : List.of(CSV, NDJSON)) {
                if (type.isCompatible(MediaType.valueOf(export))) {
                    return Optional.of(export);
                }
            }
        }
        return Optional.empty();
    }

    StreamingOutput stream(String jobId, Outcome filter, String format) {
        return CSV.equals(format) ? csv(jobId, filter) : ndjson(jobId, filter);
    }

    private StreamingOutput csv(String jobId, Outcome filter) {
        return out -> {
            try (SequenceWriter rows = CSV_MAPPER
                    .writerFor(Views.UserOutcome.class)
                    .with(CSV_SCHEMA)
                    .writeValues(out)) {
                forEach(
                        jobId,
                        filter,
                        row -> rows.write(new Views.UserOutcome(
                                text(row.userId()),
                                row.outcome(),
                                row.httpStatus(),
                                row.attempts(),
                                text(row.error()))));
            }
        };
    }

    private StreamingOutput ndjson(String jobId, Outcome filter) {
        return out -> {
            // one object per line: no root-value separator (Jackson's default, a space, began every later line)
            try (JsonGenerator lines = json.getFactory().createGenerator(out).setRootValueSeparator(null)) {
                forEach(jobId, filter, row -> {
                    json.writeValue(lines, row);
                    lines.writeRaw('\n');
                });
            }
        };
    }

    /** A CSV cell as text, never as a formula: {@code =1+1} becomes {@code '=1+1}. */
    static String text(String cell) {
        return cell == null || cell.isEmpty() || "=+-@\t\r".indexOf(cell.charAt(0)) < 0 ? cell : "'" + cell;
    }

    private interface RowWriter {
        void write(Views.UserOutcome row) throws IOException;
    }

    private void forEach(String jobId, Outcome filter, RowWriter writer) throws IOException {
        int after = -1;
        List<UserOutcome> page;
        do {
            page = jobs.outcomes(jobId, filter, after, PAGE);
            for (UserOutcome u : page) {
                writer.write(
                        new Views.UserOutcome(u.userId(), u.outcome().wire(), u.httpStatus(), u.attempts(), u.error()));
                after = u.seq();
            }
        } while (page.size() == PAGE);
    }
}
