package io.ciosync.cli;

import java.util.List;
import java.util.function.Consumer;

/** A job the command follows, in this process or on a service: its progress and, at the end, its problems. */
interface WatchedJob {

    /** What a job looks like at one moment. */
    record Snapshot(
            String status, int total, int synced, int failed, int skipped, String error, List<String> warnings) {

        int done() {
            return synced + failed + skipped;
        }

        boolean finished() {
            return ExitCodes.isFinal(status);
        }
    }

    /** A user that was not synced, and why. */
    record Problem(String userId, String outcome, Integer httpStatus, int attempts, String error) {}

    String id();

    Snapshot poll();

    /** Every failed user, then every skipped one, each in input order. */
    void problems(Consumer<Problem> each);
}
