package io.ciosync.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.ciosync.mapping.ConfigReader;

/**
 * A parsed request: the validated config and the users as a file to stream, whichever way
 * they arrived (inline data is spooled, uploads are files, references are resolved). {@code field} names where the
 * data came from, for problem messages; {@code temporary} files are deleted after ingestion; {@code format} says
 * how the users are written.
 */
public record Submission(ConfigReader.Result config, Path data, String dataField, boolean temporary, DataFormat format)
        implements AutoCloseable {

    /** A submission of a JSON array. */
    public Submission(ConfigReader.Result config, Path data, String dataField, boolean temporary) {
        this(config, data, dataField, temporary, DataFormat.JSON_ARRAY);
    }

    /** This submission, its data left in place when the copy is closed. */
    Submission borrowed() {
        return new Submission(config, data, dataField, false, format);
    }

    @Override
    public void close() {
        if (temporary) {
            try {
                Files.deleteIfExists(data);
            } catch (IOException ignored) {
                // a temp file left behind is removed by the OS
            }
        }
    }
}
