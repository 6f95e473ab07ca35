package io.ciosync.delivery;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.ciosync.customerio.Attempts;
import io.ciosync.customerio.CustomerIo;
import io.ciosync.job.ChunkStore.Delivered;
import io.ciosync.job.ChunkStore.PendingUser;
import io.ciosync.job.Outcome;

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
    public List<Delivered> send(JobRuntime job, List<PendingUser> users) {
        return users.stream().map(user -> send(job, user)).toList();
    }

    private Delivered send(JobRuntime job, PendingUser user) {
        Attempts attempts = new Attempts(job.throttle);
        try {
            attempts.awaitPermit();
            customerIo.identify(job.workspace, job.identifier.v1Path(user.userId()), user.payload(), attempts);
            return new Delivered(user.seq(), Outcome.SYNCED, 200, attempts.count(), null);
        } catch (RuntimeException e) {
            Failure failure = Failure.of(e, attempts.count(), job.jobId);
            if (failure.fatal()) {
                job.abort();
            }
            return failure.of(job.jobId, List.of(user), attempts.count()).getFirst();
        } finally {
            attempts.answered();
        }
    }
}
