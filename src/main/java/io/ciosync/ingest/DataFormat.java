package io.ciosync.ingest;

import java.util.Locale;

/**
 * How a submission's users are written: a JSON array, NDJSON (one object per line) or CSV with a header row, each
 * possibly gzip-compressed (also recognised by its magic bytes). Chosen from the content type, else the file name.
 */
public record DataFormat(Kind kind, boolean gzip) {

    public enum Kind {
        JSON,
        NDJSON,
        CSV
    }

    public static final DataFormat JSON_ARRAY = new DataFormat(Kind.JSON, false);

    /** The format named by a content type (parameters ignored) or a file name; a JSON array when neither says. */
    public static DataFormat detect(String contentType, String fileName) {
        String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        boolean gzip = name.endsWith(".gz") || name.endsWith(".gzip");
        String base = name.replaceFirst("\\.(gz|gzip)$", "");
        Kind byType = byContentType(contentType);
        if (byType != null) {
            return new DataFormat(byType, gzip);
        }
        if (base.endsWith(".ndjson") || base.endsWith(".jsonl")) {
            return new DataFormat(Kind.NDJSON, gzip);
        }
        return new DataFormat(base.endsWith(".csv") ? Kind.CSV : Kind.JSON, gzip);
    }

    private static Kind byContentType(String contentType) {
        if (contentType == null) {
            return null;
        }
        String type = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines" ->
                Kind.NDJSON;
            case "text/csv", "application/csv" -> Kind.CSV;
            case "application/json" -> Kind.JSON;
            default -> null; // application/octet-stream, application/gzip, text/plain: the file name decides
        };
    }
}
