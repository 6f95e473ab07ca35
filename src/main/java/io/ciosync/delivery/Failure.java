package io.ciosync.delivery;

import java.util.List;
import java.util.concurrent.CancellationException;

import jakarta.ws.rs.ProcessingException;

import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import io.ciosync.LogText;
import io.ciosync.customerio.CustomerIoException;
import io.ciosync.customerio.NotSent;
import io.ciosync.store.ChunkStore.Delivered;
import io.ciosync.store.ChunkStore.PendingUser;
import io.ciosync.store.Outcome;
import io.quarkus.logging.Log;

/**
 * What a request that did not succeed means for the users it carried, decided once for both senders: refused
 * credentials are {@code fatal} (the job stops), everything else fails these users with its status and reason.
 */
record Failure(Integer status, String reason, boolean fatal) {

    static Failure of(RuntimeException e, int attempts, String jobId) {
        if (e instanceof CancellationException || Thread.currentThread().isInterrupted()) {
            throw new CancellationException("interrupted");
        }
        String gaveUp = "gave up after " + attempts + " attempts: ";
        return switch (e) {
            case CustomerIoException.Unauthorized u -> new Failure(u.status(), u.getMessage(), true);
            case CustomerIoException.Transient t -> new Failure(t.status(), gaveUp + describe(t), false);
            case CustomerIoException c -> new Failure(c.status(), c.getMessage(), false);
            case NotSent.Unreachable u -> new Failure(null, u.getMessage() + " (" + attempts + " attempts)", false);
            case TimeoutException t -> new Failure(null, gaveUp + describe(t), false);
            case ProcessingException p -> new Failure(null, gaveUp + describe(p), false);
            default -> {
                Log.errorf(e, "job %s: unexpected error sending to Customer.io", jobId);
                yield new Failure(null, "internal error: " + e.getClass().getSimpleName(), false);
            }
        };
    }

    /** A failed attempt in a few words: Customer.io's answer, "timed out" or the network error. */
    static String describe(Throwable e) {
        return switch (e) {
            case null -> "no error";
            case CustomerIoException c -> c.getMessage();
            case TimeoutException t -> "timed out";
            case ProcessingException p -> "network error (" + rootMessage(p) + ")";
            default -> rootMessage(e);
        };
    }

    /**
     * This failure as the outcome of the users of one request, logged once for all of them (a batch of 500 is one
     * line, not 500), with the first user's id.
     */
    List<Delivered> of(String jobId, List<PendingUser> users, int attempts) {
        Log.warnf("job %s: %s failed: %s", jobId, what(users), LogText.of(reason));
        return users.stream()
                .map(user -> new Delivered(user.seq(), Outcome.FAILED, status, attempts, reason))
                .toList();
    }

    /** The users of one request in a few words: {@code user u0}, {@code 3 users (u0 and others)}. */
    static String what(List<PendingUser> users) {
        return users.size() == 1
                ? "user " + LogText.of(users.getFirst().userId())
                : users.size() + " users (" + LogText.of(users.getFirst().userId()) + " and others)";
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
