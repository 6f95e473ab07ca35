package io.ciosync.store;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while the database fails (closed, full or unreachable): from a failed use of it until a transaction
 * commits again (the replica heartbeat commits one every few seconds), and at least {@link Database#FAILURE_HOLD}.
 * Each probe also tries the database, which on H2 reopens an embedded database that H2 closed. On H2 the data
 * shows the space free for the database.
 */
@Readiness
@ApplicationScoped
class DatabaseReadiness implements HealthCheck {

    private final Database db;
    private final DiskSpace space;

    DatabaseReadiness(Database db, DiskSpace space) {
        this.db = db;
        this.space = space;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            db.read(c -> {
                try (var probe = c.createStatement()) {
                    return probe.execute("SELECT 1");
                }
            });
        } catch (Database.StoreException e) {
            // recorded as the failure below
        }
        Optional<Database.Failure> failure = db.failure();
        HealthCheckResponseBuilder check = HealthCheckResponse.named("database").status(failure.isEmpty());
        failure.ifPresent(f -> check.withData("reason", f.reason()).withData("since", f.at().toString()));
        if (space.watched()) {
            try {
                check.withData("freeBytes", space.free());
            } catch (RuntimeException e) {
                check.withData("freeBytes", "unknown: " + e.getMessage());
            }
        }
        return check.build();
    }
}
