package io.ciosync.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.ciosync.CioSyncConfig;
import io.ciosync.InvalidRequestException;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

/**
 * Resolves {@code configFile}/{@code dataFile} references inside the one configured directory
 * (CIO_SYNC_FILES_ROOT): relative paths only, no {@code ..}, no link that leads outside, regular files only.
 */
@ApplicationScoped
public class FileRefs {

    private final Path root;
    private final long maxBytes;

    FileRefs(CioSyncConfig config) {
        this.root = config.filesRoot().toAbsolutePath().normalize();
        this.maxBytes = config.maxFileSize().asLongValue();
    }

    /** A fresh installation has its files root at once (./data/files by default), ready to put files in. */
    void createRoot(@Observes StartupEvent event) throws IOException {
        if (!Files.isDirectory(root)) {
            Files.createDirectories(root);
            Log.infof("created the files root %s (cio-sync.files-root)", root);
        }
    }

    public Path resolve(String field, String reference) {
        if (reference == null || reference.isBlank()) {
            throw InvalidRequestException.of(field, "must name a file under the files root");
        }
        Path relative;
        try {
            relative = Path.of(reference);
        } catch (InvalidPathException e) {
            throw InvalidRequestException.of(field, "is not a valid path");
        }
        if (relative.isAbsolute() || reference.startsWith("/") || reference.startsWith("\\")) {
            throw InvalidRequestException.of(field, "must be relative to the files root, not an absolute path");
        }
        for (Path part : relative) {
            if (part.toString().equals("..")) {
                throw InvalidRequestException.of(field, "must not contain '..'");
            }
        }
        try {
            Path realRoot = root.toRealPath();
            Path real = realRoot.resolve(relative).toRealPath();
            if (!real.startsWith(realRoot)) {
                throw InvalidRequestException.of(field, "leads outside the files root (through a link)");
            }
            if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
                throw InvalidRequestException.of(field, "is not a regular file");
            }
            if (Files.size(real) > maxBytes) {
                throw new InvalidRequestException(413, java.util.List.of(new InvalidRequestException.Violation(field,
                        "is larger than the " + maxBytes + "-byte limit (cio-sync.max-file-size)")));
            }
            return real;
        } catch (IOException e) {
            throw InvalidRequestException.of(field, "cannot be read: no such file under the files root " + root
                    + " (cio-sync.files-root)");
        }
    }
}
