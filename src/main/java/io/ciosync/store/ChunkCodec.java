package io.ciosync.store;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

import io.ciosync.store.ChunkStore.PendingUser;

/**
 * The two blobs of a chunk row, deflated: {@code users} (every user of the chunk's seq range, in order, with the
 * outcome it was stored with) and {@code outcomes} (what delivery made of them, as runs of consecutive users with
 * the same result). One row per chunk instead of one per user: the embedded database pays per row, not per byte.
 */
final class ChunkCodec {

    /** One user as ingested: {@code outcome} is pending (to send) or the outcome it already has (skipped…). */
    public record StoredUser(String userId, byte[] payload, String fingerprint, Outcome outcome, String error) {}

    /** Users {@code first..last} (seq, inclusive) ended with the same result. */
    record Run(int first, int last, Outcome outcome, Integer httpStatus, int attempts, String error) {

        boolean covers(int seq) {
            return seq >= first && seq <= last;
        }
    }

    /** Finds the run of each seq, for seqs asked in increasing order. */
    static final class RunCursor {
        private final List<Run> runs;
        private int next;

        RunCursor(List<Run> runs) {
            this.runs =
                    runs.stream().sorted(Comparator.comparingInt(Run::first)).toList();
        }

        /** The run that covers {@code seq}, or null. */
        Run at(int seq) {
            while (next < runs.size() && runs.get(next).last() < seq) {
                next++;
            }
            return next < runs.size() && runs.get(next).covers(seq) ? runs.get(next) : null;
        }
    }

    private static final Outcome[] OUTCOMES = Outcome.values();

    /** One chunk row ({@code k}) with its users ({@code u}), stored apart since V10; for a FROM clause. */
    static final String CHUNK_WITH_USERS =
            "job_chunk k JOIN job_chunk_users u " + "ON u.job_id = k.job_id AND u.chunk_no = k.chunk_no";

    private ChunkCodec() {}

    static byte[] users(List<StoredUser> users) {
        return write(out -> {
            out.writeInt(users.size());
            for (StoredUser u : users) {
                out.writeByte(u.outcome().ordinal());
                string(out, u.userId());
                bytes(out, u.payload());
                string(out, u.fingerprint());
                string(out, u.error());
            }
        });
    }

    static List<StoredUser> users(byte[] blob) {
        List<StoredUser> users = new ArrayList<>();
        users(blob, 0, (i, user) -> users.add(user));
        return users;
    }

    /** Sees the users of a chunk in order, by index in the chunk; false to stop. */
    interface UserVisitor {
        boolean visit(int index, StoredUser user);
    }

    /**
     * Reads the users of a chunk from index {@code from} until {@code visitor} stops: the ones before are skipped
     * undecoded, the ones after not even inflated, so a page of 100 users does not cost a chunk of 5,000.
     */
    static void users(byte[] blob, int from, UserVisitor visitor) {
        read(blob, in -> {
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                Outcome outcome = OUTCOMES[in.readByte()];
                if (i < from) {
                    skipStrings(in, 4);
                } else if (!visitor.visit(i, new StoredUser(string(in), bytes(in), string(in), outcome, string(in)))) {
                    break;
                }
            }
            return null;
        });
    }

    /**
     * The users of a chunk (its first at {@code firstSeq}) stored as pending for which {@code unsent} holds, in
     * order, their payloads as the stored UTF-8 bytes: delivery sends them as they are, nothing decoded or encoded.
     */
    static List<PendingUser> pending(byte[] blob, int firstSeq, IntPredicate unsent) {
        return read(blob, in -> {
            int n = in.readInt();
            List<PendingUser> users = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                boolean pending = OUTCOMES[in.readByte()] == Outcome.PENDING && unsent.test(firstSeq + i);
                if (pending) {
                    users.add(new PendingUser(firstSeq + i, string(in), bytes(in), string(in)));
                } else {
                    skipStrings(in, 3); // userId, payload, fingerprint
                }
                skipStrings(in, 1); // error
            }
            return users;
        });
    }

    static byte[] runs(List<Run> runs) {
        return write(out -> {
            out.writeInt(runs.size());
            for (Run r : runs) {
                out.writeInt(r.first());
                out.writeInt(r.last());
                out.writeByte(r.outcome().ordinal());
                out.writeInt(r.httpStatus() == null ? -1 : r.httpStatus());
                out.writeInt(r.attempts());
                string(out, r.error());
            }
        });
    }

    static List<Run> runs(byte[] blob) {
        if (blob == null) {
            return List.of();
        }
        return read(blob, in -> {
            int n = in.readInt();
            List<Run> runs = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int first = in.readInt();
                int last = in.readInt();
                Outcome outcome = OUTCOMES[in.readByte()];
                int status = in.readInt();
                runs.add(new Run(first, last, outcome, status < 0 ? null : status, in.readInt(), string(in)));
            }
            return runs;
        });
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        // buffered before the deflater: it would otherwise be called (through JNI) for every int and string written
        try (DataOutputStream out = new DataOutputStream(
                new BufferedOutputStream(new DeflaterOutputStream(bytes, deflater, 64 * 1024), 64 * 1024))) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deflater.end();
        }
        return bytes.toByteArray();
    }

    private static <T> T read(byte[] blob, Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(
                new BufferedInputStream(new InflaterInputStream(new ByteArrayInputStream(blob)), 64 * 1024))) {
            return reader.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored chunk cannot be read", e);
        }
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        bytes(out, s == null ? null : s.getBytes(StandardCharsets.UTF_8));
    }

    private static void bytes(DataOutputStream out, byte[] bytes) throws IOException {
        if (bytes == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(bytes.length);
            out.write(bytes);
        }
    }

    private static String string(DataInputStream in) throws IOException {
        byte[] bytes = bytes(in);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static void skipStrings(DataInputStream in, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            in.skipNBytes(Math.max(0, in.readInt())); // -1: null
        }
    }

    private static byte[] bytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }
}
