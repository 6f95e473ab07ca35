package io.ciosync.delivery;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ciosync.CioSyncConfig;
import io.ciosync.customerio.Workspace;
import io.ciosync.job.ApiKeyCipher;
import io.ciosync.job.DatabaseOutage;
import io.ciosync.job.JobStore;
import io.ciosync.mapping.SyncConfig;
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
    private final CioSyncConfig config;
    private final RateBudgets budgets;

    JobRuntimes(JobStore jobs, ApiKeyCipher cipher, ObjectMapper json, CioSyncConfig config, RateBudgets budgets) {
        this.jobs = jobs;
        this.cipher = cipher;
        this.json = json;
        this.config = config;
        this.budgets = budgets;
    }

    JobRuntime of(String jobId) {
        return running.computeIfAbsent(jobId, this::load);
    }

    /** The job's runtime if it is running on this replica. */
    Optional<JobRuntime> running(String jobId) {
        return Optional.ofNullable(running.get(jobId));
    }

    void forget(String jobId) {
        running.remove(jobId);
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
        String[] stored = jobs.deliveryConfig(jobId)
                .orElseThrow(() -> new IllegalStateException("job " + jobId + " no longer exists"));
        try {
            SyncConfig sync = json.readValue(stored[0], SyncConfig.class);
            String host = "eu".equals(sync.region()) ? config.customerio().euUrl() : config.customerio().usUrl();
            Workspace workspace = Workspace.of(sync.siteId(), cipher.decrypt(jobId, stored[1]), sync.region(), host);
            return new JobRuntime(jobId, workspace, sync.batch(), budgets.forJob(workspace, sync.rateLimit()),
                    sync.parallelism(), sync.identifierKind());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stored config of job " + jobId + " cannot be read", e);
        }
    }
}
