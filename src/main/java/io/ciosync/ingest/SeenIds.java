package io.ciosync.ingest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The user ids of one job seen so far, to skip later duplicates while streaming: each id kept as its 128-bit MD5
 * (an identity check, not a security one) in an open-addressing table, 32 bytes per id at most, so a million-user
 * job needs about 32 MB rather than the ~100 MB of a {@code HashSet<String>}.
 */
final class SeenIds {

    private final MessageDigest md5;
    private long[] slots = new long[2 * 1024];
    private int size;

    SeenIds() {
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Adds an id; false if it was already there. */
    boolean add(String id) {
        ByteBuffer hash = ByteBuffer.wrap(md5.digest(id.getBytes(StandardCharsets.UTF_8)));
        long high = hash.getLong();
        long low = hash.getLong() | 1; // never (0, 0): that marks an empty slot
        if ((size + 1) * 4L > slots.length) { // keep the table at most half full (two longs a slot)
            grow();
        }
        boolean added = insert(slots, high, low);
        size += added ? 1 : 0;
        return added;
    }

    private boolean insert(long[] table, long high, long low) {
        int mask = table.length / 2 - 1;
        for (int i = (int) (high ^ (high >>> 32)) & mask; ; i = (i + 1) & mask) {
            if (table[2 * i] == 0 && table[2 * i + 1] == 0) {
                table[2 * i] = high;
                table[2 * i + 1] = low;
                return true;
            }
            if (table[2 * i] == high && table[2 * i + 1] == low) {
                return false;
            }
        }
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        for (int i = 0; i < old.length; i += 2) {
            if (old[i] != 0 || old[i + 1] != 0) {
                insert(slots, old[i], old[i + 1]);
            }
        }
    }
}
