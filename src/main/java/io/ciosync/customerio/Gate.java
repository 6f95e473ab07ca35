package io.ciosync.customerio;

/**
 * Whether Customer.io is reachable for a workspace, told by the outcome of every attempt: each attempt asks to
 * enter before it is sent and reports how it went. While the workspace's delivery is paused (an outage), no
 * attempt enters but the one probe at a time.
 */
public interface Gate {

    /** Whether one attempt may be sent now; if true, exactly one of the reports below must follow. */
    boolean tryEnter();

    /** Customer.io answered the attempt (any answer but a transient failure: it is reachable). */
    void answered(long nanos);

    /** The attempt failed transiently (no connection, timeout, 408, 429, 5xx). */
    void failed(long nanos, Throwable failure);

    /** The attempt allowed by {@link #tryEnter()} was never sent. */
    void unused();

    /**
     * A request failed transiently and is about to be sent again ({@code first}: its first retry), after
     * {@code attempts} attempts.
     */
    default void retrying(boolean first, Throwable failure, int attempts) {}

    /** A request that was retried has ended, however. */
    default void retried() {}

    /** Always open (for callers outside delivery). */
    Gate OPEN = new Gate() {
        @Override
        public boolean tryEnter() {
            return true;
        }

        @Override
        public void answered(long nanos) {}

        @Override
        public void failed(long nanos, Throwable failure) {}

        @Override
        public void unused() {}
    };
}
