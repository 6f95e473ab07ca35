package io.ciosync.ingest;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import io.ciosync.InvalidRequestException;

/**
 * Gzip input decompressed once, before the two passes over it, into a temporary file that both then read as it is:
 * bounded by {@code cio-sync.json.max-decompressed-size}, counted as the bytes come out, so a small file that inflates
 * without end (a "gzip bomb") is refused with 413 as soon as it passes the limit.
 */
final class Decompressed {

    static final String LIMIT = "cio-sync.json.max-decompressed-size";
    private static final int BUFFER = 64 * 1024;

    private Decompressed() {}

    /** Whether the submission's data is gzip: by its name or content type, or by its first two bytes. */
    static boolean isGzip(Submission submission) throws IOException {
        if (submission.format().gzip()) {
            return true;
        }
        try (InputStream in = Files.newInputStream(submission.data())) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    /** The submission with its data decompressed into a temporary file (deleted when it is closed). */
    static Submission of(Submission submission, long maxBytes) throws IOException {
        Path plain = Files.createTempFile("cio-sync-inflated-", ".data");
        try (InputStream in =
                        new GZIPInputStream(new BufferedInputStream(Files.newInputStream(submission.data())), BUFFER);
                OutputStream out = Files.newOutputStream(plain)) {
            byte[] buffer = new byte[BUFFER];
            long total = 0;
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n;
                if (total > maxBytes) {
                    throw new InvalidRequestException(
                            413,
                            List.of(new InvalidRequestException.Violation(
                                    submission.dataField(),
                                    "decompresses to more than " + maxBytes + " bytes (" + LIMIT + ")")));
                }
                out.write(buffer, 0, n);
            }
        } catch (ZipException | EOFException e) {
            SubmissionReader.deleteQuietly(plain);
            throw InvalidRequestException.of(submission.dataField(), "is not valid gzip data (" + e.getMessage() + ")");
        } catch (IOException | RuntimeException e) {
            SubmissionReader.deleteQuietly(plain);
            throw e;
        }
        return new Submission(
                submission.config(),
                plain,
                submission.dataField(),
                true,
                new DataFormat(submission.format().kind(), false));
    }

    /** {@link #of} where the data is gzip, else the submission itself (closing it is then its caller's business). */
    static Submission plain(Submission submission, long maxBytes) {
        try {
            return isGzip(submission) ? of(submission, maxBytes) : submission.borrowed();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
