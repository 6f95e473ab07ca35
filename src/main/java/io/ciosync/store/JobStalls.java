package io.ciosync.store;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * How long each running job has gone without any of its pending users ending, as seen by this replica's refreshes
 * of the job gauges. Only the longest stall is reported (a job id is never a metric label). A job is timed from the
 * first refresh that saw its current pending count: a replica that (re)started counts from its start, and a job
 * whose pending count went down starts again from zero.
 */
final class JobStalls {

    private record Seen(long pending, Instant since) {}

    private final Map<String, Seen> running = new HashMap<>();

    /**
     * Takes the pending count of every running job now, forgets jobs no longer running, and returns the longest time
     * a running job with pending users has kept its pending count from going down (zero when there is none).
     */
    synchronized Duration observe(Map<String, Long> pendingByRunningJob, Instant now) {
        running.keySet().retainAll(pendingByRunningJob.keySet());
        Duration longest = Duration.ZERO;
        for (Map.Entry<String, Long> job : pendingByRunningJob.entrySet()) {
            long pending = job.getValue();
            Seen seen = running.get(job.getKey());
            if (seen == null || pending < seen.pending()) {
                seen = new Seen(pending, now);
            } else if (pending > seen.pending()) {
                seen = new Seen(pending, seen.since()); // still being ingested: not progress
            }
            running.put(job.getKey(), seen);
            Duration stalled = pending > 0 ? Duration.between(seen.since(), now) : Duration.ZERO;
            longest = stalled.compareTo(longest) > 0 ? stalled : longest;
        }
        return longest;
    }
}
