package io.ciosync.cli;

import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import io.ciosync.store.JobRecord;
import io.ciosync.store.JobStore;
import io.ciosync.store.Outcome;
import io.ciosync.store.UserOutcome;
import io.ciosync.store.UserOutcomes;

/** A job of this process, read straight from its (temporary) database. */
final class LocalJob implements WatchedJob {

    private static final int PAGE = 1000;

    private final JobStore jobs;
    private final UserOutcomes outcomes;
    private final String id;
    private final BooleanSupplier stopping;

    /** {@code stopping}: Quarkus is stopping; the job is no longer followed (its database may stay readable). */
    LocalJob(JobStore jobs, UserOutcomes outcomes, String id, BooleanSupplier stopping) {
        this.jobs = jobs;
        this.outcomes = outcomes;
        this.id = id;
        this.stopping = stopping;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Snapshot poll() {
        if (stopping.getAsBoolean()) {
            throw new IllegalStateException("stopping: job " + id + " is no longer followed");
        }
        JobRecord job = jobs.find(id).orElseThrow(() -> new IllegalStateException("job " + id + " disappeared"));
        return new Snapshot(
                job.status().wire(),
                job.total(),
                job.synced(),
                job.failed(),
                job.skipped(),
                job.error(),
                job.warnings());
    }

    @Override
    public void problems(Consumer<Problem> each) {
        for (Outcome outcome : List.of(Outcome.FAILED, Outcome.SKIPPED)) {
            int after = -1;
            List<UserOutcome> page;
            do {
                page = outcomes.outcomes(id, outcome, after, PAGE);
                for (UserOutcome u : page) {
                    each.accept(new Problem(u.userId(), u.outcome().wire(), u.httpStatus(), u.attempts(), u.error()));
                    after = u.seq();
                }
            } while (page.size() == PAGE);
        }
    }
}
