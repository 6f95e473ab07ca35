package io.ciosync.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every failed and skipped user of a job as CSV ({@code user_id,outcome,http_status,attempts,error}), written while
 * paging through the job's outcomes; the first few are also kept to show in the summary.
 */
final class FailureReport implements AutoCloseable {

    static final String HEADER = "user_id,outcome,http_status,attempts,error";

    private final Path path;
    private final BufferedWriter csv;
    private final int keep;
    private final List<WatchedJob.Problem> first = new ArrayList<>();
    private int count;

    FailureReport(Path path, int keep) throws IOException {
        this.path = path;
        this.keep = keep;
        this.csv = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
        csv.write(HEADER);
        csv.newLine();
    }

    void add(WatchedJob.Problem p) {
        try {
            csv.write(String.join(
                    ",",
                    cell(p.userId()),
                    cell(p.outcome()),
                    p.httpStatus() == null ? "" : p.httpStatus().toString(),
                    Integer.toString(p.attempts()),
                    cell(p.error())));
            csv.newLine();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (first.size() < keep) {
            first.add(p);
        }
        count++;
    }

    Path path() {
        return path;
    }

    List<WatchedJob.Problem> first() {
        return first;
    }

    int count() {
        return count;
    }

    @Override
    public void close() throws IOException {
        csv.close();
    }

    /**
     * RFC 4180: quoted when it holds a comma, quote or line break. A leading {@code = + @} (or {@code -} not starting
     * a number) is defused with a {@code '} so a spreadsheet does not run it as a formula.
     */
    static String cell(String value) {
        if (value == null) {
            return "";
        }
        String v = formula(value) ? "'" + value : value;
        return v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")
                ? "\"" + v.replace("\"", "\"\"") + "\""
                : v;
    }

    private static boolean formula(String v) {
        if (v.isEmpty()) {
            return false;
        }
        char c = v.charAt(0);
        return c == '=' || c == '+' || c == '@' || c == '-' && (v.length() == 1 || !Character.isDigit(v.charAt(1)));
    }
}
