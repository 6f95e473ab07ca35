package io.ciosync.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The input size the disk-space check starts from: the file's size, or what a gzip trailer announces. */
class InputSizeTest {

    @TempDir
    Path dir;

    @Test
    void plainDataCountsItsBytes() throws IOException {
        Path json = Files.writeString(dir.resolve("users.json"), "[{\"uid\": \"1\"}]");

        assertThat(InputSize.of(json)).isEqualTo(14);
    }

    @Test
    void gzipCountsTheUncompressedSizeItsTrailerAnnounces() throws IOException {
        Path gz = dir.resolve("users.json.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(new byte[3_000_000]); // zeros: a few kilobytes compressed
        }

        assertThat(Files.size(gz)).isLessThan(10_000);
        assertThat(InputSize.of(gz)).isEqualTo(3_000_000);
    }

    @Test
    void gzipAnnouncingLessThanItsOwnSizeCountsTheFile() throws IOException {
        byte[] header = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3};
        byte[] file = new byte[100];
        System.arraycopy(header, 0, file, 0, header.length); // the trailer's ISIZE is 0
        Path gz = Files.write(dir.resolve("odd.gz"), file);

        assertThat(InputSize.of(gz)).isEqualTo(100);
    }
}
