package io.ciosync.delivery;

import java.util.List;
import java.util.concurrent.CancellationException;

import jakarta.ws.rs.ProcessingException;

import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import io.ciosync.LogText;
import io.ciosync.customerio.CustomerIoException;
import io.ciosync.job.ChunkStore.Delivered;
import io.ciosync.job.ChunkStore.PendingUser;
import io.ciosync.job.Outcome;
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
            case CustomerIoException.Transient t -> new Failure(t.status(), gaveUp + t.getMessage(), false);
            case CustomerIoException c -> new Failure(c.status(), c.getMessage(), false);
            case TimeoutException t -> new Failure(null, gaveUp + "timed out", false);
            case ProcessingException p -> new Failure(null, gaveUp + "network error (" + rootMessage(p) + ")", false);
            default -> {
                Log.errorf(e, "job %s: unexpected error sending to Customer.io", jobId);
                yield new Failure(null, "internal error: " + e.getClass().getSimpleName(), false);
            }
        };
    }

    /**
     * This failure as the outcome of the users of one request, logged once for all of them (a batch of 500 is one
     * line, not 500), with the first user's id.
     */
    List<Delivered> of(String jobId, List<PendingUser> users, int attempts) {
        if (users.size() == 1) {
            Log.warnf("job %s: user %s failed: %s", jobId, LogText.of(users.getFirst().userId()), LogText.of(reason));
        } else {
            Log.warnf("job %s: %d users (%s and others) failed: %s", jobId, users.size(),
                    LogText.of(users.getFirst().userId()), LogText.of(reason));
        }
        return users.stream().map(user -> new Delivered(user.seq(), Outcome.FAILED, status, attempts, reason)).toList();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
