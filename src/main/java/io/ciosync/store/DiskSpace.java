package io.ciosync.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import jakarta.enterprise.context.ApplicationScoped;

import io.ciosync.CioSyncConfig;

/**
 * Room for jobs on the embedded database: a job is refused up front (507) when its estimated size, plus the
 * reserve, is more than the space free for the database, and storing one stops when less than the reserve is left.
 * Free space is the data directory volume's usable space plus the free blocks inside the H2 file, which H2 reuses.
 * On PostgreSQL the database's disk is not this process's to watch: nothing is checked. See docs/disk-space.md.
 */
@ApplicationScoped
public class DiskSpace {

    private final Database db;
    private final Path dataDir;
    private final double storedPerInputByte;
    private final long reserve;

    DiskSpace(Database db, CioSyncConfig config, DiskConfig disk) {
        this.db = db;
        this.dataDir = config.dataDir();
        this.storedPerInputByte = disk.storedPerInputByte();
        this.reserve = disk.reserve().asLongValue();
    }

    /** Whether this process watches the database's space (embedded H2 only). */
    public boolean watched() {
        return db.vendor().embedded();
    }

    /** Refuses a job of {@code inputBytes} (uncompressed) that would leave less than the reserve free. */
    public void requireRoomFor(long inputBytes) {
        if (!watched()) {
            return;
        }
        long needed = (long) Math.ceil(inputBytes * storedPerInputByte);
        long free = free();
        if (needed + reserve > free) {
            throw new InsufficientStorageException(
                    "storing this job needs about " + needed + " bytes (" + inputBytes
                            + " bytes of data × " + storedPerInputByte + ", cio-sync.disk.stored-per-input-byte) and "
                            + reserve + " more must stay free (cio-sync.disk.reserve), but only " + free
                            + " bytes are free for the database",
                    needed,
                    free,
                    reserve);
        }
    }

    /** While a job is stored: refuses to go on once less than the reserve is free (the job is then removed). */
    public void requireReserve() {
        if (watched() && usable() < reserve) { // the cheap check first; the file's own free blocks only then
            long free = free();
            if (free < reserve) {
                throw ranOut(free);
            }
        }
    }

    /** A database failure while storing a job, as the client should see it: 507 when the disk is full. */
    public RuntimeException explain(RuntimeException failure) {
        if (!watched() || failure instanceof InsufficientStorageException) {
            return failure;
        }
        long usable = usable();
        return usable < reserve || Database.noSpace(failure) ? ranOut(usable) : failure;
    }

    /** Bytes free for the database: the volume's usable space plus the free blocks inside the database file. */
    public long free() {
        return usable() + freeInsideFile();
    }

    private InsufficientStorageException ranOut(long free) {
        return new InsufficientStorageException(
                "the data directory ran out of space while this job was stored: "
                        + free + " bytes are free for the database, " + reserve
                        + " must stay free (cio-sync.disk.reserve); nothing of the job was kept",
                0,
                free,
                reserve);
    }

    private long usable() {
        try {
            return Files.getFileStore(dataDir).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException("the data directory's free space cannot be read", e);
        }
    }

    /** The file's size × the share of its blocks no chunk uses (H2's info.FILE_SIZE and info.FILL_RATE, in %). */
    private long freeInsideFile() {
        try {
            return db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                                "SELECT SETTING_NAME, SETTING_VALUE FROM "
                                        + "INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME IN ('info.FILE_SIZE', 'info.FILL_RATE')");
                        ResultSet rs = ps.executeQuery()) {
                    long size = 0;
                    long fill = 100;
                    while (rs.next()) {
                        long value = Long.parseLong(rs.getString(2).trim());
                        if (rs.getString(1).equals("info.FILE_SIZE")) {
                            size = value;
                        } else {
                            fill = value;
                        }
                    }
                    return size * (100 - Math.min(100, fill)) / 100;
                }
            });
        } catch (Database.StoreException | NumberFormatException e) {
            return 0; // not known: count the volume's space only
        }
    }
}
