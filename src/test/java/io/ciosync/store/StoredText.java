package io.ciosync.store;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Types;
import java.util.List;

/** Everything the database holds, as text: every column of every table, the users and outcomes of chunks decoded. */
public final class StoredText {

    private StoredText() {}

    public static String of(Database db) {
        return db.read(c -> {
            StringBuilder all = new StringBuilder();
            for (String table : List.of(
                    "sync_job",
                    "job_chunk",
                    "job_chunk_users",
                    "person_fingerprint",
                    "sync_schedule",
                    "schedule_run",
                    "idempotency_key",
                    "replica")) {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT * FROM " + table)) {
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next()) {
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            all.append(text(meta.getColumnName(i), meta.getColumnType(i), rs, i))
                                    .append('\n');
                        }
                    }
                }
            }
            return all.toString();
        });
    }

    private static String text(String column, int type, ResultSet rs, int i) throws java.sql.SQLException {
        if (type != Types.VARBINARY && type != Types.BINARY && type != Types.LONGVARBINARY && type != Types.BLOB) {
            return rs.getString(i);
        }
        byte[] blob = rs.getBytes(i);
        if (blob == null) {
            return "";
        }
        return column.equalsIgnoreCase("users")
                ? ChunkCodec.users(blob).toString()
                : ChunkCodec.runs(blob).toString();
    }
}
