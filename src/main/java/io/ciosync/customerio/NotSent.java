package io.ciosync.customerio;

import java.time.Instant;

/**
 * Why a request was not sent (again): neither a Customer.io answer nor a failure of its users. The retry policy
 * aborts on it, so no retry is spent; the users stay {@code pending} unless {@link Unreachable}.
 */
public abstract sealed class NotSent extends RuntimeException {

    NotSent(String message) {
        super(message, null, false, false);
    }

    /** The workspace's delivery is paused (Customer.io unreachable): wait for its turn, then send again. */
    public static final class Paused extends NotSent {
        Paused() {
            super("the workspace's delivery is paused");
        }
    }

    /** The job was cancelled or failed, this replica is stopping, or the chunk gives its worker back. */
    public static final class Stopped extends NotSent {
        public Stopped() {
            super("stopped");
        }
    }

    /** Customer.io has been unreachable for longer than the longest outage waited out: the users fail. */
    public static final class Unreachable extends NotSent {
        private final Instant since;

        public Unreachable(Instant since, String maxOutage) {
            super("Customer.io has been unreachable since " + since + ", longer than cio-sync.customerio.max-outage ("
                    + maxOutage + "): gave up");
            this.since = since;
        }

        public Instant since() {
            return since;
        }
    }
}
