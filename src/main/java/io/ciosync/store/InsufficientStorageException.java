package io.ciosync.store;

/**
 * A job that the embedded database's data directory has no room for: answered 507 with the space needed and free,
 * and nothing of the job is kept. {@code needed} is 0 when the space ran out while the job was being stored.
 */
public class InsufficientStorageException extends RuntimeException {

    private final long needed;
    private final long free;
    private final long reserve;

    InsufficientStorageException(String message, long needed, long free, long reserve) {
        super(message);
        this.needed = needed;
        this.free = free;
        this.reserve = reserve;
    }

    /** Bytes the job was estimated to need (without the reserve); 0 when the space ran out while storing it. */
    public long needed() {
        return needed;
    }

    /** Bytes free for the database: the volume's usable space plus the free space inside the database file. */
    public long free() {
        return free;
    }

    /** Bytes always kept free ({@code cio-sync.disk.reserve}). */
    public long reserve() {
        return reserve;
    }
}
