package io.ciosync.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.ciosync.CioSyncConfig;
import io.ciosync.InvalidRequestException;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

/**
 * Resolves a tenant's {@code configFile}/{@code dataFile} references inside that tenant's own directory:
 * {@code <files-root>/<tenant>/} (CIO_SYNC_FILES_ROOT) or the one {@code cio-sync.tenant-files.<tenant>} names.
 * Relative paths only, no {@code ..}, no link that leads outside, regular files only. Another tenant's file is
 * not found, exactly as a missing one (404): the paths of every tenant are looked up in its own directory only.
 */
@ApplicationScoped
public class FileRefs {

    /** The problem of a file that is not there, or not this tenant's: the same words for both. */
    static final String NO_SUCH_FILE = "cannot be read: no such file in your files directory "
            + "(<cio-sync.files-root>/<tenant>/ unless cio-sync.tenant-files names another)";

    private final Path root;
    private final Map<String, Path> tenantDirs;
    private final long maxBytes;

    FileRefs(CioSyncConfig config, TenantFilesConfig tenants) {
        this.root = config.filesRoot().toAbsolutePath().normalize();
        this.tenantDirs = Map.copyOf(tenants.tenantFiles());
        this.maxBytes = config.maxFileSize().asLongValue();
    }

    /** A fresh installation has its files root at once (./data/files by default), ready to put files in. */
    void createRoot(@Observes StartupEvent event) throws IOException {
        if (!Files.isDirectory(root)) {
            Files.createDirectories(root);
            Log.infof("created the files root %s (cio-sync.files-root)", root);
        }
    }

    /** The directory a tenant's references resolve in; null for a name that is no plain directory name. */
    Path directoryOf(String tenant) {
        Path configured = tenantDirs.get(tenant);
        if (configured != null) {
            return configured.toAbsolutePath().normalize();
        }
        if (tenant == null
                || tenant.isEmpty()
                || tenant.equals(".")
                || tenant.equals("..")
                || tenant.contains("/")
                || tenant.contains("\\")) {
            return null;
        }
        return root.resolve(tenant);
    }

    public Path resolve(String tenant, String field, String reference) {
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
        Path directory = directoryOf(tenant);
        if (directory == null) {
            throw notFound(field);
        }
        try {
            Path realRoot = directory.toRealPath();
            Path real = realRoot.resolve(relative).toRealPath();
            if (!real.startsWith(realRoot)) {
                throw InvalidRequestException.of(field, "leads outside the files root (through a link)");
            }
            if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
                throw InvalidRequestException.of(field, "is not a regular file");
            }
            if (Files.size(real) > maxBytes) {
                throw new InvalidRequestException(
                        413,
                        List.of(new InvalidRequestException.Violation(
                                field, "is larger than the " + maxBytes + "-byte limit (cio-sync.max-file-size)")));
            }
            return real;
        } catch (IOException e) {
            throw notFound(field);
        }
    }

    /**
     * The refusal of a request with these problems: 404 when each is a file not found (or another tenant's), 400 when
     * anything else is wrong too; every problem is named either way.
     */
    public static InvalidRequestException refusal(List<InvalidRequestException.Violation> problems) {
        boolean onlyMissing = problems.stream().allMatch(v -> NO_SUCH_FILE.equals(v.message()));
        return new InvalidRequestException(onlyMissing ? 404 : 400, problems);
    }

    private static InvalidRequestException notFound(String field) {
        return new InvalidRequestException(404, List.of(new InvalidRequestException.Violation(field, NO_SUCH_FILE)));
    }
}
