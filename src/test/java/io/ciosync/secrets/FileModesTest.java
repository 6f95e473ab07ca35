package io.ciosync.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import io.ciosync.CustomerIoStandInResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * On POSIX, the running service's data directory is {@code rwx------} and the embedded database and the generated
 * encryption key in it {@code rw-------}; a secret file is created owner-only (not made so afterwards), a data
 * directory of an earlier version is made owner-only at start.
 */
@QuarkusTest
@WithTestResource(CustomerIoStandInResource.class)
@DisabledOnOs(OS.WINDOWS)
class FileModesTest {

    /** cio-sync.data-dir (application.properties, %test). */
    private static final Path DATA = Path.of("target/test-data");

    @TempDir
    Path temp;

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void theDataDirectoryAndTheFilesInItAreTheOwnersOnly() throws IOException {
        assertThat(mode(DATA)).isEqualTo("rwx------");
        assertThat(mode(DATA.resolve("cio-sync.mv.db"))).isEqualTo("rw-------");
        assertThat(mode(DATA.resolve("secret.key"))).isEqualTo("rw-------");
    }

    @Test
    void aSecretFileIsCreatedOwnerOnlyInANewOwnerOnlyDirectory() throws IOException {
        Path key = temp.resolve("new-data/deeper/secret.key");

        OwnerOnly.create(key, "k");

        assertThat(mode(key)).isEqualTo("rw-------");
        assertThat(mode(key.getParent())).isEqualTo("rwx------");
        assertThat(Files.readString(key)).isEqualTo("k");
        try (var left = Files.list(key.getParent())) {
            assertThat(left).containsExactly(key); // no temporary file left behind
        }
    }

    @Test
    void aDataDirectoryOfAnEarlierVersionIsMadeOwnerOnly() throws IOException {
        Path old = Files.createDirectory(
                temp.resolve("old"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path db = Files.createFile(
                old.resolve("cio-sync.mv.db"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));

        OwnerOnly.directory(old);

        assertThat(mode(old)).isEqualTo("rwx------");
        assertThat(mode(db)).isEqualTo("rw-------");
    }
}
