package io.ciosync.delivery;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.ciosync.LogText;
import io.ciosync.customerio.Attempts;
import io.ciosync.customerio.BatchAnswer;
import io.ciosync.customerio.BatchAnswer.EntryError;
import io.ciosync.customerio.CustomerIo;
import io.ciosync.customerio.CustomerIoException;
import io.ciosync.customerio.NotSent;
import io.ciosync.mapping.BatchEntry;
import io.ciosync.mapping.Identifier;
import io.ciosync.store.ChunkStore.Delivered;
import io.ciosync.store.ChunkStore.PendingUser;
import io.ciosync.store.Outcome;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Metrics;
import io.quarkus.logging.Log;

/**
 * v2: users packed by bytes into {@code POST /api/v2/batch} requests under Customer.io's 500,000-byte limit. A 207
 * fails the entries it names and syncs the rest; a 400 (or 413) for the whole request is split in halves and
 * resent until the bad entries are isolated, so good users still sync. A user's {@code attempts} counts every
 * request that carried it; its {@code httpStatus} is the answer to the last one.
 */
@ApplicationScoped
class BatchSender implements Sender {

    private static final DistributionSummary ENTRIES = DistributionSummary.builder("ciosync.batch.entries")
            .description("People per v2 batch request")
            .register(Metrics.globalRegistry);
    private static final DistributionSummary BYTES = DistributionSummary.builder("ciosync.batch.size")
            .baseUnit("bytes")
            .description("Body size of v2 batch requests")
            .register(Metrics.globalRegistry);

    /** A request body must be smaller than this (Customer.io: "< 500 KB"; the stricter reading). */
    static final int MAX_BODY_BYTES = 500_000;

    private static final int MAX_IDENTIFIER_KEY_EXTRA = "cio_id".length() - "id".length();
    private static final String OPEN = "{\"batch\":[";
    private static final String CLOSE = "]}";
    private static final byte[] OPEN_UTF8 = OPEN.getBytes(StandardCharsets.UTF_8);
    private static final byte[] CLOSE_UTF8 = CLOSE.getBytes(StandardCharsets.UTF_8);

    private final CustomerIo customerIo;

    BatchSender(CustomerIo customerIo) {
        this.customerIo = customerIo;
    }

    @Override
    public List<List<PendingUser>> requests(List<PendingUser> users) {
        List<List<PendingUser>> requests = new ArrayList<>();
        List<PendingUser> current = new ArrayList<>();
        int bytes = OPEN.length() + CLOSE.length();
        for (PendingUser user : users) {
            // an upper bound for every identifier kind: "email"/"cio_id" keys are at most 4 bytes longer than "id"
            int entry =
                    BatchEntry.bytes(Identifier.ID, user.userId(), user.payload().length) + MAX_IDENTIFIER_KEY_EXTRA;
            if (!current.isEmpty() && bytes + 1 + entry >= MAX_BODY_BYTES) {
                requests.add(current);
                current = new ArrayList<>();
                bytes = OPEN.length() + CLOSE.length();
            }
            bytes += entry + (current.isEmpty() ? 0 : 1);
            current.add(user);
        }
        if (!current.isEmpty()) {
            requests.add(current);
        }
        return requests;
    }

    @Override
    public List<Delivered> send(JobRuntime job, List<PendingUser> users, BooleanSupplier stop) {
        return send(job, users, stop, 0);
    }

    private List<Delivered> send(JobRuntime job, List<PendingUser> users, BooleanSupplier stop, int earlierAttempts) {
        if (stop.getAsBoolean()) {
            return List.of(); // the job failed or was cancelled meanwhile: these users stay pending, never attempted
        }
        Attempts attempts = new Attempts(job.throttle, job.gate.forRequest(users, earlierAttempts), stop);
        try {
            byte[] body = body(job.identifier, users);
            ENTRIES.record(users.size());
            BYTES.record(body.length);
            BatchAnswer answer = job.gate.send(attempts, stop, () -> customerIo.batch(job.workspace, body, attempts));
            return outcomes(job, users, answer, earlierAttempts + attempts.count());
        } catch (NotSent.Stopped e) {
            return List.of(); // cancelled (or stopping) before an answer: these users stay pending
        } catch (CustomerIoException.Rejected e) {
            if (users.size() > 1 && (e.status() == 400 || e.status() == 413)) {
                Log.infof(
                        "job %s: Customer.io rejected a batch of %d users (%s); resending it in halves",
                        job.jobId, users.size(), LogText.of(e.getMessage()));
                int half = users.size() / 2;
                List<Delivered> outcomes =
                        new ArrayList<>(send(job, users.subList(0, half), stop, earlierAttempts + attempts.count()));
                outcomes.addAll(send(job, users.subList(half, users.size()), stop, earlierAttempts + attempts.count()));
                return outcomes;
            }
            return failed(job, users, e, attempts, earlierAttempts);
        } catch (RuntimeException e) {
            return failed(job, users, e, attempts, earlierAttempts);
        } finally {
            attempts.end();
        }
    }

    private static List<Delivered> failed(
            JobRuntime job, List<PendingUser> users, RuntimeException e, Attempts attempts, int earlierAttempts) {
        Failure failure = Failure.of(e, attempts.count(), job.jobId);
        if (failure.fatal()) {
            job.abort();
        }
        return failure.of(job.jobId, users, earlierAttempts + attempts.count());
    }

    /**
     * The users' outcomes from a 200 or 207 answer: an entry named by {@code batch_index} failed with Customer.io's
     * reason, the others synced. An error naming no entry of the batch leaves unknown which entries were accepted:
     * then none of the others is recorded synced, but failed with that error (sending them again is safe).
     */
    private static List<Delivered> outcomes(JobRuntime job, List<PendingUser> users, BatchAnswer answer, int attempts) {
        Map<Integer, EntryError> rejected = new HashMap<>();
        List<String> unplaced = new ArrayList<>();
        for (EntryError error : answer.errorsOrEmpty()) {
            if (error.batchIndex() != null && error.batchIndex() >= 0 && error.batchIndex() < users.size()) {
                rejected.put(error.batchIndex(), error);
            } else {
                unplaced.add(error.describe());
            }
        }
        int status = answer.errorsOrEmpty().isEmpty() ? 200 : 207;
        String unknown = unplaced.isEmpty()
                ? null
                : "Customer.io answered " + status + " with an error for no entry (" + String.join("; ", unplaced)
                        + "): whether this user was accepted is unknown";
        List<Delivered> outcomes = new ArrayList<>(users.size());
        for (int i = 0; i < users.size(); i++) {
            EntryError error = rejected.get(i);
            String reason = error != null ? "Customer.io rejected the entry: " + error.describe() : unknown;
            outcomes.add(new Delivered(
                    users.get(i).seq(), reason == null ? Outcome.SYNCED : Outcome.FAILED, status, attempts, reason));
        }
        if (!rejected.isEmpty()) { // one line per answer, not per entry
            int first = rejected.keySet().stream().min(Integer::compare).orElseThrow();
            Log.warnf(
                    "job %s: Customer.io rejected %d of %d entries of a batch (the first, user %s: %s)",
                    job.jobId,
                    rejected.size(),
                    users.size(),
                    LogText.of(users.get(first).userId()),
                    LogText.of(outcomes.get(first).error()));
        }
        if (!unplaced.isEmpty()) {
            Log.warnf(
                    "job %s: Customer.io answered a batch of %d entries with %d error(s) for no entry (%s): none of "
                            + "its other entries is recorded synced",
                    job.jobId, users.size(), unplaced.size(), LogText.of(String.join("; ", unplaced)));
        }
        return outcomes;
    }

    /** The request body in UTF-8, the stored payloads copied in as they are. */
    private static byte[] body(Identifier identifier, List<PendingUser> users) {
        // the payloads plus about 100 bytes of frame and id each: one buffer, not 500 KB whatever the batch's size
        ByteArrayOutputStream body = new ByteArrayOutputStream(
                users.stream().mapToInt(u -> u.payload().length + 100).sum() + OPEN_UTF8.length + CLOSE_UTF8.length);
        body.writeBytes(OPEN_UTF8);
        for (int i = 0; i < users.size(); i++) {
            if (i > 0) {
                body.write(',');
            }
            BatchEntry.write(
                    body, identifier, users.get(i).userId(), users.get(i).payload());
        }
        body.writeBytes(CLOSE_UTF8);
        return body.toByteArray();
    }
}
