package io.ciosync.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.ciosync.customerio.Attempts;
import io.ciosync.customerio.CustomerIo;
import io.ciosync.customerio.NotSent;
import io.ciosync.store.ChunkStore.Delivered;
import io.ciosync.store.ChunkStore.PendingUser;
import io.ciosync.store.Outcome;

/** v1: one {@code PUT /api/v1/customers/{id}} per user. */
@ApplicationScoped
class IdentifySender implements Sender {

    private final CustomerIo customerIo;

    IdentifySender(CustomerIo customerIo) {
        this.customerIo = customerIo;
    }

    @Override
    public List<List<PendingUser>> requests(List<PendingUser> users) {
        return users.stream().map(List::of).toList();
    }

    @Override
    public List<Delivered> send(JobRuntime job, List<PendingUser> users, BooleanSupplier stop) {
        List<Delivered> outcomes = new ArrayList<>(users.size());
        for (PendingUser user : users) {
            Delivered outcome = send(job, user, stop);
            if (outcome == null) {
                break;
            }
            outcomes.add(outcome);
        }
        return outcomes;
    }

    /** One user's outcome; null if it was stopped before being answered. */
    private Delivered send(JobRuntime job, PendingUser user, BooleanSupplier stop) {
        Attempts attempts = new Attempts(job.throttle, job.gate.forRequest(List.of(user), 0), stop);
        try {
            job.gate.send(attempts, stop, () -> {
                customerIo.identify(job.workspace, job.identifier.v1Path(user.userId()), user.payload(), attempts);
                return null;
            });
            return new Delivered(user.seq(), Outcome.SYNCED, 200, attempts.count(), null);
        } catch (NotSent.Stopped e) {
            return null;
        } catch (RuntimeException e) {
            Failure failure = Failure.of(e, attempts.count(), job.jobId);
            if (failure.fatal()) {
                job.abort();
            }
            return failure.of(job.jobId, List.of(user), attempts.count()).getFirst();
        } finally {
            attempts.end();
        }
    }
}
