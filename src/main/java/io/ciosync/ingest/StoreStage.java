package io.ciosync.ingest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.MDC;

import io.ciosync.LogText;
import io.ciosync.mapping.Fingerprint;
import io.ciosync.mapping.UserMapper.MappedUser;
import io.ciosync.store.ChunkWriter;
import io.ciosync.store.SkipReason;
import io.quarkus.logging.Log;

/**
 * The second half of ingestion's second pass, on its own virtual thread while the ingesting thread parses and maps:
 * in input order, skips duplicates (ids, and emails: {@link EmailHolders}), fingerprints, writes chunks, and releases
 * them to delivery once the input check passed. Mapped users come over in batches through a bounded queue, so memory
 * stays flat.
 */
final class StoreStage implements AutoCloseable {

    private record Mapped(int seq, MappedUser user) {}

    private static final List<Mapped> END = List.of();
    private static final int BATCH = 500;
    /** Skipped users logged one by one per job; past them, one line says the rest are in the job's outcomes. */
    private static final int LOGGED_SKIPS = 10;

    private static final String DUPLICATE =
            "duplicate userId: an earlier record of this job has the same id and is " + "the one sent";
    private static final String DUPLICATE_EMAIL = "duplicate email: user '%s', earlier in this job, has the same "
            + "email; where Customer.io identifies people by email it would answer 200 and not apply this one "
            + "(\"duplicateEmails\": \"send\" sends it anyway)";

    private final BlockingQueue<List<Mapped>> queue = new ArrayBlockingQueue<>(8);
    private final String jobId;
    private final ChunkWriter writer;
    private final PendingUsers pending;
    private final Background check;
    private final boolean fingerprinting;
    private final SeenIds seen = new SeenIds();
    /** Null when the job sends duplicate emails. */
    private final EmailHolders emails;

    private final int[] skippedBy = new int[SkipReason.values().length];
    private final Background thread;
    private List<Mapped> current = new ArrayList<>(BATCH);
    private int skipped;
    private int skipsLogged;

    StoreStage(
            String jobId,
            ChunkWriter writer,
            PendingUsers pending,
            Background check,
            boolean fingerprinting,
            boolean skipDuplicateEmails) {
        this.jobId = jobId;
        this.emails = skipDuplicateEmails ? new EmailHolders(pending) : null;
        this.writer = writer;
        this.pending = pending;
        this.check = check;
        this.fingerprinting = fingerprinting;
        this.thread = Background.start("cio-sync-ingest-store", this::run);
    }

    void add(int seq, MappedUser user) throws IOException {
        current.add(new Mapped(seq, user));
        if (current.size() == BATCH) {
            hand(current);
            current = new ArrayList<>(BATCH);
        }
    }

    /** Waits until every user is stored, the last chunk written and released; returns how many were skipped. */
    int finish() throws IOException {
        hand(current);
        hand(END);
        thread.await();
        return skipped;
    }

    int unchanged() {
        return pending.unchanged();
    }

    /** How many users were skipped for {@code reason}, once {@link #finish} returned. */
    int skipped(SkipReason reason) {
        return skippedBy[reason.ordinal()];
    }

    private void hand(List<Mapped> batch) throws IOException {
        try {
            while (!queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
                if (thread.done()) {
                    thread.await(); // it failed: its problem is the ingestion's
                    throw new IllegalStateException("the storing of users ended early");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while ingesting", e);
        }
    }

    private void run() throws IOException {
        MDC.put(LogText.JOB_ID, jobId);
        try {
            for (List<Mapped> batch = queue.take(); batch != END; batch = queue.take()) {
                for (Mapped m : batch) {
                    store(m.seq(), m.user());
                }
            }
            pending.flush();
            writer.flush();
            check.await();
            writer.release();
        } catch (InterruptedException e) {
            throw new IOException("interrupted while storing users", e);
        } finally {
            MDC.remove(LogText.JOB_ID);
        }
    }

    private void store(int seq, MappedUser user) throws IOException {
        if (!writer.released()) {
            check.throwIfFailed();
            if (check.passed()) {
                writer.release();
            }
        }
        String holder;
        if (user.skipped()) {
            if (++skipsLogged <= LOGGED_SKIPS) {
                Log.warnf(
                        "job %s: user %s (record %d) skipped: %s",
                        jobId, LogText.of(user.userId()), seq, LogText.of(user.skipReason()));
            } else if (skipsLogged == LOGGED_SKIPS + 1) {
                Log.warnf("job %s: more users skipped, not logged one by one: the job's outcomes list them all", jobId);
            }
            skip(user.userId(), user.skipKind(), user.skipReason());
        } else if (!seen.add(user.userId())) {
            skip(user.userId(), SkipReason.DUPLICATE_USER_ID, DUPLICATE);
        } else if (emails != null && user.email() != null && (holder = emails.earlier(seq, user.email())) != null) {
            skip(user.userId(), SkipReason.DUPLICATE_EMAIL, DUPLICATE_EMAIL.formatted(holder));
        } else {
            pending.add(user.userId(), user.payload(), fingerprinting ? Fingerprint.of(user.payload()) : null);
        }
    }

    private void skip(String userId, SkipReason reason, String text) {
        skipped++;
        skippedBy[reason.ordinal()]++;
        pending.skip(userId, text);
    }

    @Override
    public void close() {
        thread.close();
    }
}
