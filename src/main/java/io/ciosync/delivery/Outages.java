package io.ciosync.delivery;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.ciosync.customerio.CustomerIoConfig;
import io.ciosync.customerio.Workspace;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The {@link WorkspaceGate} of every Customer.io workspace (site id + region) on this replica: one resilience4j
 * circuit breaker per workspace from a {@link CircuitBreakerRegistry}, so an outage of one workspace pauses that
 * workspace only. (SmallRye Fault Tolerance's {@code @CircuitBreaker} keeps one breaker per method, which would pause
 * every workspace at once.) Metrics: {@code ciosync.customerio.paused} (workspaces paused now, with requests
 * waiting) and {@code ciosync.customerio.outages} (pauses started).
 */
@ApplicationScoped
class Outages {

    private final Map<String, WorkspaceGate> gates = new ConcurrentHashMap<>();
    private final CircuitBreakerRegistry breakers;
    private final Duration probeEvery;
    private final Duration maxOutage;
    private final Counter outages;

    Outages(CustomerIoConfig settings, MeterRegistry registry) {
        this.probeEvery = settings.probeEvery();
        this.maxOutage = settings.maxOutage();
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.outageWindow())
                .minimumNumberOfCalls(Math.min(settings.outageMinRequests(), settings.outageWindow()))
                .failureRateThreshold(settings.outageFailureRate())
                .waitDurationInOpenState(probeEvery)
                .permittedNumberOfCallsInHalfOpenState(1)
                // a probe whose outcome never came (its job stopped) must not hold the workspace for ever
                .maxWaitDurationInHalfOpenState(probeEvery.plusMinutes(1))
                .writableStackTraceEnabled(false)
                .build());
        Gauge.builder(
                        "ciosync.customerio.paused",
                        gates,
                        g -> g.values().stream().filter(WorkspaceGate::holding).count())
                .description("Workspaces whose delivery is paused now because Customer.io is unreachable, with "
                        + "requests waiting")
                .register(registry);
        outages = Counter.builder("ciosync.customerio.outages")
                .description("Pauses of a workspace's delivery because Customer.io was unreachable")
                .register(registry);
    }

    /** The gate of a workspace, created at its first use. */
    WorkspaceGate of(Workspace workspace) {
        return gates.computeIfAbsent(
                workspace.key(),
                key -> new WorkspaceGate(key, breakers.circuitBreaker(key), probeEvery, maxOutage, outages));
    }
}
