package io.ciosync.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files no other local user may read: the data directory is {@code rwx------}, and a secret file is created
 * {@code rw-------} from its first moment (a temporary file created with those permissions, written, then moved into
 * place atomically), never made private afterwards. On a file system without POSIX permissions nothing is changed.
 */
public final class OwnerOnly {

    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnly() {}

    /**
     * Creates the directory owner-only, or makes an existing one so (it may come from an earlier version, or from the
     * embedded database creating it with the process's umask), together with the database files in it.
     */
    public static void directory(Path dir) {
        try {
            if (!posix(dir.toAbsolutePath().getParent())) {
                Files.createDirectories(dir);
                return;
            }
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
            }
            if (!Files.getPosixFilePermissions(dir).equals(DIRECTORY)) {
                Files.setPosixFilePermissions(dir, DIRECTORY);
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "{*.db,secret.key,api-token}")) {
                for (Path file : files) {
                    Files.setPosixFilePermissions(file, FILE);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + dir + " readable by its owner only", e);
        }
    }

    /** Writes a new file that only the owner can read at any moment; fails if it exists already. */
    public static void create(Path file, String content) {
        Path dir = file.toAbsolutePath().getParent();
        directory(dir);
        Path temporary = null;
        try {
            FileAttribute<?>[] attributes = posix(dir)
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)}
                    : new FileAttribute<?>[0];
            temporary = Files.createTempFile(dir, "." + file.getFileName(), ".new", attributes);
            Files.writeString(temporary, content);
            if (Files.exists(file)) {
                throw new FileAlreadyExistsException(file.toString());
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file, e);
        } finally {
            deleteQuietly(temporary);
        }
    }

    private static boolean posix(Path existingOrParent) {
        Path p = existingOrParent;
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p != null && Files.getFileAttributeView(p, java.nio.file.attribute.PosixFileAttributeView.class) != null;
    }

    private static void deleteQuietly(Path file) {
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException ignored) {
            // best effort: a leftover temporary file is owner-only
        }
    }
}
