package io.ciosync.delivery;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.ciosync.job.ChunkStore.Delivered;
import io.ciosync.job.JobStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Counters of what delivery did, labelled only by bounded values (outcome, status). */
@ApplicationScoped
class DeliveryMetrics {

    private final MeterRegistry registry;

    DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void recorded(List<Delivered> delivered) {
        for (Delivered d : delivered) {
            Counter.builder("ciosync.users").description("Users whose delivery ended, by outcome")
                    .tag("outcome", d.outcome().wire()).register(registry).increment();
        }
    }

    void jobFinished(JobStatus status) {
        Counter.builder("ciosync.jobs.finished").description("Jobs that reached a final status")
                .tag("status", status.wire()).register(registry).increment();
    }
}
