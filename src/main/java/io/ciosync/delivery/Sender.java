package io.ciosync.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;

import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import io.ciosync.customerio.Attempts;
import io.ciosync.customerio.CustomerIo;
import io.ciosync.customerio.CustomerIoException;
import io.ciosync.job.ChunkStore.Delivered;
import io.ciosync.job.ChunkStore.PendingUser;
import io.ciosync.job.Outcome;
import io.quarkus.logging.Log;

/** Sends one user and turns whatever happened into its outcome; a refused credential aborts the whole job. */
@ApplicationScoped
class Sender {

    private final CustomerIo customerIo;

    Sender(CustomerIo customerIo) {
        this.customerIo = customerIo;
    }

    Delivered send(JobRuntime job, PendingUser user) {
        Attempts attempts = new Attempts();
        try {
            customerIo.identify(job.workspace, job.identifier.v1Path(user.userId()), user.payload(), attempts);
            return new Delivered(user.seq(), Outcome.SYNCED, 200, attempts.count(), null);
        } catch (CustomerIoException.Unauthorized e) {
            job.abort();
            return failed(job, user, e.status(), attempts, e.getMessage());
        } catch (CustomerIoException.Transient e) {
            return failed(job, user, e.status(), attempts, "gave up after " + attempts.count() + " attempts: "
                    + e.getMessage());
        } catch (CustomerIoException e) {
            return failed(job, user, e.status(), attempts, e.getMessage());
        } catch (TimeoutException e) {
            return failed(job, user, null, attempts, "gave up after " + attempts.count() + " attempts: timed out");
        } catch (ProcessingException e) {
            return failed(job, user, null, attempts, "gave up after " + attempts.count() + " attempts: network error ("
                    + rootMessage(e) + ")");
        } catch (RuntimeException e) {
            Log.errorf(e, "job %s: unexpected error sending user %s", job.jobId, user.userId());
            return failed(job, user, null, attempts, "internal error: " + e.getClass().getSimpleName());
        }
    }

    private static Delivered failed(JobRuntime job, PendingUser user, Integer status, Attempts attempts, String why) {
        Log.warnf("job %s: user %s failed: %s", job.jobId, user.userId(), why);
        return new Delivered(user.seq(), Outcome.FAILED, status, attempts.count(), why);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
