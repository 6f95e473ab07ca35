package io.ciosync.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * How many bytes of data a job's input holds, for the disk-space check: the file's size, or for gzip the size its
 * trailer announces (ISIZE: the uncompressed size modulo 4 GiB of the last member), when larger than the file. An
 * estimate only for gzip (several members, or more than 4 GiB, announce less): storing the job still stops at the
 * reserve, and the job is then removed.
 */
final class InputSize {

    private InputSize() {}

    static long of(Path data) {
        try (FileChannel file = FileChannel.open(data, StandardOpenOption.READ)) {
            long size = file.size();
            if (size < 18) { // the smallest gzip file: a 10-byte header and an 8-byte trailer
                return size;
            }
            ByteBuffer head = ByteBuffer.allocate(2);
            file.read(head, 0);
            if ((head.get(0) & 0xff) != 0x1f || (head.get(1) & 0xff) != 0x8b) {
                return size;
            }
            ByteBuffer trailer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            file.read(trailer, size - 4);
            return Math.max(size, Integer.toUnsignedLong(trailer.getInt(0)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
