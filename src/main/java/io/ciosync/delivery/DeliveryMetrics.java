package io.ciosync.delivery;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.ciosync.store.ChunkStore.Delivered;
import io.ciosync.store.JobMetrics;
import io.ciosync.store.JobStatus;
import io.ciosync.store.JobStore;
import io.ciosync.store.Outcome;

/** What delivery reports to the metrics: users' final outcomes and jobs that ended here. */
@ApplicationScoped
class DeliveryMetrics {

    private final JobMetrics metrics;
    private final JobStore jobs;

    DeliveryMetrics(JobMetrics metrics, JobStore jobs) {
        this.metrics = metrics;
        this.jobs = jobs;
    }

    void recorded(List<Delivered> delivered) {
        long synced =
                delivered.stream().filter(d -> d.outcome() == Outcome.SYNCED).count();
        metrics.usersEnded(Outcome.SYNCED.wire(), synced);
        metrics.usersEnded(Outcome.FAILED.wire(), delivered.size() - synced);
    }

    void jobFinished(String jobId, JobStatus status) {
        Duration duration = jobs.find(jobId)
                .map(job -> Duration.between(
                        job.createdAt(), job.finishedAt() == null ? OffsetDateTime.now() : job.finishedAt()))
                .orElse(Duration.ZERO);
        metrics.jobEnded(status, duration);
    }
}
