package io.ciosync.cli;

import java.util.Map;

/** The command's exit codes, as the original script's users script against them. */
public final class ExitCodes {

    /** Every user synced. */
    public static final int SYNCED = 0;
    /** The job could not run to its end (e.g. Customer.io refused the API key), or the service refused us. */
    public static final int JOB_FAILED = 1;
    /** The job ran, but some users failed or were skipped. */
    public static final int SOME_USERS_FAILED = 2;
    /** Bad arguments, or a config or data file that cannot be accepted (EX_USAGE). */
    public static final int BAD_INPUT = 64;
    /** Stopped (Ctrl-C, SIGTERM) before the job ended: 128 + SIGINT, as shells report it. */
    public static final int INTERRUPTED = 130;

    private static final Map<String, Integer> BY_STATUS = Map.of(
            "succeeded",
            SYNCED,
            "completed_with_errors",
            SOME_USERS_FAILED,
            "failed",
            JOB_FAILED,
            "cancelled",
            JOB_FAILED);

    private ExitCodes() {}

    /** Whether a job with this status has ended. */
    static boolean isFinal(String status) {
        return BY_STATUS.containsKey(status);
    }

    /** The exit code of a job that ended with {@code status}. */
    static int of(String status) {
        return BY_STATUS.getOrDefault(status, JOB_FAILED);
    }
}
