package io.ciosync.customerio;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.ProcessingException;

import org.junit.jupiter.api.Test;

import io.vertx.core.http.HttpClosedException;

/**
 * A connection closed under a request is a network error, retried like a reset (it failed users as "internal error:
 * HttpClosedException" without a retry in RetryPolicyTest on a loaded machine); other errors pass unchanged.
 */
class ClosedConnectionTest {

    @Test
    void aClosedConnectionIsANetworkErrorThatTheRetryPolicyRetries() {
        HttpClosedException closed = new HttpClosedException("Connection was closed");

        RuntimeException seen = CustomerIo.asNetworkError(closed);

        assertThat(seen).isInstanceOf(ProcessingException.class).hasCause(closed);
        assertThat(seen.getMessage()).isEqualTo("the connection was closed: Connection was closed");
        IllegalStateException other = new IllegalStateException("x");
        assertThat(CustomerIo.asNetworkError(other)).isSameAs(other);
    }
}
