package io.ciosync.ingest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.function.IntPredicate;

/**
 * The emails of the users of one job sent so far, to find a later user with an email an earlier one holds while
 * streaming. Like {@link SeenIds} it keeps no strings: each email is kept as a 64-bit hash and the seq of the user
 * holding it, in an open-addressing table (12 bytes a slot, at most half full: about 25 MB for a million emails).
 * A hash is not proof: on a match the caller compares the real emails ({@code sameEmail}), so two emails whose hashes
 * collide are both kept and neither user is skipped for the other.
 */
final class SeenEmails {

    private final MessageDigest md5;
    private long[] hashes = new long[1024];
    private int[] seqs = new int[1024];
    private int size;

    SeenEmails() {
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The 64-bit hash of an email (its normalized form), never 0: that marks an empty slot. */
    long hash(String email) {
        long hash = ByteBuffer.wrap(md5.digest(email.getBytes(StandardCharsets.UTF_8)))
                .getLong();
        return hash == 0 ? 1 : hash;
    }

    /**
     * The seq of the earlier user holding this email, for which {@code sameEmail} confirms it; or, when none does,
     * -1 and the email is now held by the user {@code seq}.
     */
    int holder(long hash, int seq, IntPredicate sameEmail) {
        int mask = hashes.length - 1;
        int i = (int) (hash ^ (hash >>> 32)) & mask;
        for (; hashes[i] != 0; i = (i + 1) & mask) {
            if (hashes[i] == hash && sameEmail.test(seqs[i])) {
                return seqs[i];
            }
        }
        hashes[i] = hash;
        seqs[i] = seq;
        if (++size * 2 > hashes.length) {
            grow();
        }
        return -1;
    }

    private void grow() {
        long[] oldHashes = hashes;
        int[] oldSeqs = seqs;
        hashes = new long[oldHashes.length * 2];
        seqs = new int[oldHashes.length * 2];
        int mask = hashes.length - 1;
        for (int j = 0; j < oldHashes.length; j++) {
            if (oldHashes[j] != 0) {
                int i = (int) (oldHashes[j] ^ (oldHashes[j] >>> 32)) & mask;
                while (hashes[i] != 0) {
                    i = (i + 1) & mask;
                }
                hashes[i] = oldHashes[j];
                seqs[i] = oldSeqs[j];
            }
        }
    }
}
