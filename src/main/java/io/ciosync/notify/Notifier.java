package io.ciosync.notify;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ciosync.store.DatabaseOutage;
import io.ciosync.store.HeldLeases;
import io.ciosync.store.NoticeStore;
import io.ciosync.store.NoticeStore.Claim;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;

/**
 * Sends completion notices, on every replica: each poll looks at the jobs that have ended, claims the notices that
 * are due and POSTs each one's job summary on a virtual thread of its own. A 2xx answer is {@code sent}; anything else
 * (another status, an I/O error, a timeout) is tried again after an exponential backoff kept in the database
 * ({@code notify_next_at}: {@code backoff}, doubling up to {@code max-backoff}), so the wait survives a restart and
 * any replica makes the next attempt; after {@code max-attempts} POSTs the notice is {@code gave_up}. Delivery is at
 * least once: a replica that stops mid-POST leaves the notice to another once its lease has run out.
 */
@ApplicationScoped
class Notifier {

    /** Ended jobs looked at per poll; more wait for the next one. */
    private static final int ENDED_PER_POLL = 100;

    private final String owner = HeldLeases.newOwner();
    private final HeldLeases<Claim> held = new HeldLeases<>();

    private final NoticeStore store;
    private final NotifyUrls urls;
    private final NoticeApi api;
    private final JobSummaries summaries;
    private final ObjectMapper json;
    private final Clock clock;
    private final NotifyConfig config;
    private final Counter sent;
    private final Counter retried;
    private final Counter gaveUp;

    Notifier(
            NoticeStore store,
            NotifyUrls urls,
            @RestClient NoticeApi api,
            JobSummaries summaries,
            ObjectMapper json,
            Clock clock,
            NotifyConfig config,
            MeterRegistry registry) {
        this.store = store;
        this.urls = urls;
        this.api = api;
        this.summaries = summaries;
        this.json = json;
        this.clock = clock;
        this.config = config;
        this.sent = counter(registry, "sent");
        this.retried = counter(registry, "retry");
        this.gaveUp = counter(registry, "gave_up");
    }

    private static Counter counter(MeterRegistry registry, String result) {
        return Counter.builder("ciosync.notifications")
                .tag("result", result)
                .description("Completion notice attempts by result: sent, retry (failed, tried again later), gave_up")
                .register(registry);
    }

    @Scheduled(every = "${cio-sync.notify.poll-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        DatabaseOutage.pass("completion notices", this::pollOnce);
    }

    private void pollOnce() {
        store.markEnded(ENDED_PER_POLL);
        int abandoned = store.reclaimExpired(config.maxAttempts());
        if (abandoned > 0) {
            gaveUp.increment(abandoned);
            Log.warnf("%d completion notice(s) given up: their last attempt never reported back", abandoned);
        }
        List<Claim> claims = store.claim(owner, config.batch(), config.lease(), config.maxAttempts());
        claims.forEach(held::hold);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            claims.forEach(claim -> threads.execute(() -> {
                try {
                    deliver(claim);
                } finally {
                    held.drop(claim); // recorded, or given up to expire (the database was away)
                }
            }));
        }
    }

    /** Renews the leases of the notices being sent now (the poll waits for their answers meanwhile). */
    @Scheduled(every = "${cio-sync.notify.poll-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void renew() {
        DatabaseOutage.pass("completion notice leases", () -> store.renew(owner, held.now(), config.lease()));
    }

    private void deliver(Claim claim) {
        try {
            Optional<String> refusal = urls.refusal(claim.url());
            if (refusal.isPresent()) {
                giveUp(claim, null, "the URL " + refusal.get());
                return;
            }
            URI target = NotifyUrls.normalize(claim.url());
            Optional<Object> summary = summaries.summary(claim.jobId());
            if (summary.isEmpty()) {
                return; // purged meanwhile, its notice with it
            }
            String error = post(target, claim.jobId(), summary.get());
            if (error == null) {
                if (store.sent(claim, owner)) {
                    sent.increment();
                    Log.infof(
                            "job %s: completion notice sent to %s (attempt %d)",
                            claim.jobId(), NoticeErrors.origin(target), claim.attempt());
                }
            } else if (claim.attempt() >= config.maxAttempts()) {
                giveUp(claim, target, error);
            } else {
                Duration wait = backoff(config.backoff(), config.maxBackoff(), claim.attempt());
                if (store.retryAt(claim, owner, OffsetDateTime.now(clock).plus(wait), error)) {
                    retried.increment();
                    Log.infof(
                            "job %s: completion notice to %s failed (attempt %d of %d: %s); next attempt in %s",
                            claim.jobId(),
                            NoticeErrors.origin(target),
                            claim.attempt(),
                            config.maxAttempts(),
                            error,
                            wait);
                }
            }
        } catch (RuntimeException e) {
            // the claim stays due; its lease runs out and it is tried again
            if (!DatabaseOutage.unreachable(e)) {
                Log.errorf(e, "job %s: completion notice could not be handled", claim.jobId());
            }
        }
    }

    /** Null when the receiver answered 2xx; else what went wrong, fit for clients (no path, query or class name). */
    private String post(URI target, String jobId, Object summary) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(summary);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the summary of job " + jobId + " cannot be written as JSON", e);
        }
        try (Response answer = api.post(target.toString(), jobId, body)) {
            return NoticeErrors.ofStatus(answer.getStatus());
        } catch (RuntimeException e) {
            return NoticeErrors.of(e, target);
        }
    }

    private void giveUp(Claim claim, URI target, String error) {
        if (store.giveUp(claim, owner, error)) {
            gaveUp.increment();
            Log.warnf(
                    "job %s: completion notice%s given up after %d attempt(s): %s",
                    claim.jobId(), target == null ? "" : " to " + NoticeErrors.origin(target), claim.attempt(), error);
        }
    }

    /** The wait after {@code failed} failed attempts: {@code first}, doubling each time, at most {@code max}. */
    static Duration backoff(Duration first, Duration max, int failed) {
        Duration wait = first.multipliedBy(1L << Math.min(Math.max(failed - 1, 0), 30));
        return wait.compareTo(max) > 0 ? max : wait;
    }
}
