package io.ciosync.delivery;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while draining for shutdown: the load balancer stops sending jobs here first. */
@Readiness
@ApplicationScoped
class DeliveryReadiness implements HealthCheck {

    private final Dispatcher dispatcher;

    DeliveryReadiness(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("delivery")
                .status(!dispatcher.draining())
                .build();
    }
}
