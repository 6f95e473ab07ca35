package io.ciosync.delivery;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.ciosync.customerio.CustomerIoConfig;
import io.ciosync.customerio.Workspace;
import io.ciosync.mapping.SyncConfig;
import io.ciosync.secrets.ApiKeyCipher;
import io.ciosync.store.DatabaseOutage;
import io.ciosync.store.JobStore;
import io.ciosync.store.JobWaits;
import io.ciosync.store.JobWaits.Waiting;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;

/** Loads a job's delivery settings once per replica (decrypting its API key) and keeps them while it runs. */
@ApplicationScoped
class JobRuntimes {

    private final Map<String, JobRuntime> running = new ConcurrentHashMap<>();
    private volatile boolean stopping;
    private final JobStore jobs;
    private final ApiKeyCipher cipher;
    private final ObjectMapper json;
    private final CustomerIoConfig customerIo;
    private final RateBudgets budgets;
    private final Outages outages;
    private final JobWaits waits;
    private final String replica;

    JobRuntimes(
            JobStore jobs,
            ApiKeyCipher cipher,
            ObjectMapper json,
            CustomerIoConfig customerIo,
            RateBudgets budgets,
            Outages outages,
            JobWaits waits,
            Replicas replicas) {
        this.jobs = jobs;
        this.outages = outages;
        this.waits = waits;
        this.replica = replicas.id();
        this.cipher = cipher;
        this.json = json;
        this.customerIo = customerIo;
        this.budgets = budgets;
    }

    JobRuntime of(String jobId) {
        return running.computeIfAbsent(jobId, this::load);
    }

    /** The job's runtime if it is running on this replica. */
    Optional<JobRuntime> running(String jobId) {
        return Optional.ofNullable(running.get(jobId));
    }

    /** The jobs running on this replica now. */
    Collection<JobRuntime> all() {
        return running.values();
    }

    void forget(String jobId) {
        JobRuntime job = running.remove(jobId);
        if (job != null && job.gate.reported.isPresent()) {
            report(job, Optional.empty());
        }
    }

    /** Tells the database what this replica's jobs wait for (Customer.io unreachable, retries), when it changed. */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reportWaits() {
        if (stopping) {
            return;
        }
        for (JobRuntime job : running.values()) {
            Optional<Waiting> now = job.gate.waiting();
            if (!now.equals(job.gate.reported)) {
                report(job, now);
            }
        }
    }

    private void report(JobRuntime job, Optional<Waiting> waiting) {
        try {
            waits.report(job.jobId, replica, waiting);
            job.gate.reported = waiting;
        } catch (RuntimeException e) { // the database is away (logged as an outage): the next report says it
            if (!DatabaseOutage.unreachable(e)) {
                Log.warnf("job %s: could not record what it waits for: %s", job.jobId, e.toString());
            }
        }
    }

    /**
     * Forgets the runtimes of jobs that ended without this replica noticing: another replica delivered their last
     * chunk, or they were deleted. Their decrypted API keys do not stay in memory.
     */
    @Scheduled(every = "${cio-sync.delivery.reclaim-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetEnded() {
        if (stopping) {
            return; // the database may be closing: this replica's runtimes go with it
        }
        DatabaseOutage.pass("forgetting ended jobs", () -> running.keySet().removeIf(jobs::ended));
    }

    void stopping(@Observes ShutdownEvent event) {
        stopping = true;
    }

    private JobRuntime load(String jobId) {
        JobStore.StoredConfig stored = jobs.deliveryConfig(jobId)
                .orElseThrow(() -> new IllegalStateException("job " + jobId + " no longer exists"));
        SyncConfig sync = SyncConfig.stored(json, jobId, stored.configJson());
        String host = "eu".equals(sync.region()) ? customerIo.euUrl() : customerIo.usUrl();
        Workspace workspace =
                Workspace.of(sync.siteId(), cipher.decrypt(jobId, stored.apiKeyEncrypted()), sync.region(), host);
        return new JobRuntime(
                jobId,
                workspace,
                sync.batch(),
                budgets.forJob(workspace, sync.rateLimit()),
                sync.parallelism(),
                sync.identifierKind(),
                new JobGate(jobId, outages.of(workspace), waits));
    }
}
