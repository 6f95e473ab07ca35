package io.ciosync.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.ciosync.CustomerIoStandInResource;
import io.ciosync.customerio.CustomerIoConfig;
import io.ciosync.customerio.Throttle;
import io.ciosync.customerio.Workspace;
import io.ciosync.store.Database;
import io.ciosync.store.ReplicaStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** When a replica's share of the budgets may be taken by the others: only once its requests no longer count. */
@QuarkusTest
@WithTestResource(CustomerIoStandInResource.class)
class ReplicaSharesTest {

    private static final Duration HEARTBEAT = Duration.ofMillis(100);
    private static final Duration EXPIRY = Duration.ofMillis(300);
    private static final String OTHER = "another-replica";

    @Inject
    Replicas replicas;

    @Inject
    ReplicaStore store;

    @Inject
    Database db;

    @Test
    void aStoppingReplicaIsQuietOnlyASecondAfterItsLastAnswer() {
        RateBudgets budgets = new RateBudgets(
                replicas,
                stub(CustomerIoConfig.class, Map.of("rateLimit", 100, "maxRetryAfter", Duration.ofMinutes(1))));
        try {
            assertThat(budgets.awaitQuiet(Duration.ZERO))
                    .as("quiet before any request")
                    .isTrue();
            Throttle.Permit permit = budgets.forJob(Workspace.of("site", "key", "us", "http://unused"), null)
                    .acquire();
            long answered =
                    System.nanoTime(); // before the release: a pause between the two must not shorten the second
            permit.release(); // its answer arrived

            assertThat(budgets.awaitQuiet(Duration.ZERO))
                    .as("quiet right after the answer")
                    .isFalse();
            assertThat(budgets.awaitQuiet(Duration.ofSeconds(10))).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - answered)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        } finally {
            budgets.stop();
        }
    }

    @Test
    void aReplicaWhoseHeartbeatsLapsedSendsNothingUntilCountedAgainThenWaitsAsAJoiner() throws Exception {
        Replicas replica = new Replicas(store, replicaConfig(HEARTBEAT, EXPIRY));
        replica.join();
        try {
            Thread.sleep(250); // no heartbeat for longer than expiry - heartbeat (200 ms), not yet expiry (300 ms)
            AtomicLong sentAt = new AtomicLong();
            Thread sender = Thread.ofVirtual().start(() -> {
                replica.awaitShare();
                sentAt.set(System.nanoTime());
            });
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> sender.getState() == Thread.State.TIMED_WAITING || !sender.isAlive());
            assertThat(sender.isAlive()).as("waiting for a heartbeat").isTrue();

            store.beat(OTHER, Duration.ofMinutes(1)); // another replica, which may have taken its share meanwhile
            long beaten = System.nanoTime();
            replica.heartbeat();

            assertThat(sender.join(Duration.ofSeconds(10))).isTrue();
            assertThat(Duration.ofNanos(sentAt.get() - beaten))
                    .as("sends two heartbeats after it was counted again")
                    .isGreaterThanOrEqualTo(HEARTBEAT.multipliedBy(2));
        } finally {
            replica.leave();
            store.leave(OTHER);
            replicas.heartbeat(); // this replica's row, which the short expiry above deleted, is back
        }
    }

    @Test
    void aStoppingReplicaLeavesTheTableOnlyOnceItsLastRequestIsASecondBehindItsAnswer() throws Exception {
        Replicas replica = new Replicas(store, replicaConfig(Duration.ofSeconds(5), Duration.ofSeconds(20)));
        RateBudgets budgets = new RateBudgets(
                replicas,
                stub(CustomerIoConfig.class, Map.of("rateLimit", 100, "maxRetryAfter", Duration.ofMinutes(1))));
        DeliveryConfig config = stub(
                DeliveryConfig.class,
                Map.of("shutdownGrace", Duration.ofSeconds(1), "quietBeforeLeaving", Duration.ofSeconds(5)));
        Dispatcher dispatcher = new Dispatcher(null, null, null, replica, budgets, null, config);
        replica.join();
        try {
            var permit = budgets.forJob(Workspace.of("site", "key", "us", "http://unused"), null)
                    .acquire();
            long answered = System.nanoTime(); // before the answer is recorded: the second counts from no earlier
            permit.release();
            AtomicLong goneAt = new AtomicLong();
            Thread watcher = Thread.ofVirtual().start(() -> {
                while (listed(replica.id())) {
                    LockSupport.parkNanos(5_000_000);
                }
                goneAt.set(System.nanoTime());
            });

            dispatcher.stop(null);

            assertThat(watcher.join(Duration.ofSeconds(10)))
                    .as("its row is gone")
                    .isTrue();
            assertThat(Duration.ofNanos(goneAt.get() - answered))
                    .as("left a second after its last answer, not before")
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        } finally {
            budgets.stop();
            replica.leave();
        }
    }

    private boolean listed(String replicaId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM replica WHERE id = ?")) {
                ps.setString(1, replicaId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1) > 0;
                }
            }
        });
    }

    @Test
    void anExpiryOfLessThanTwoHeartbeatsIsRefused() {
        assertThatThrownBy(() -> new Replicas(store, replicaConfig(Duration.ofSeconds(5), Duration.ofSeconds(9))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cio-sync.delivery.replica-expiry (PT9S) must be at least twice");
    }

    private static DeliveryConfig replicaConfig(Duration heartbeat, Duration expiry) {
        return stub(DeliveryConfig.class, Map.of("replicaHeartbeat", heartbeat, "replicaExpiry", expiry));
    }

    /** A config interface answering the named methods only. */
    private static <T> T stub(Class<T> type, Map<String, Object> values) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            Object value = values.get(method.getName());
            if (value == null) {
                throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName());
            }
            return value;
        }));
    }
}
