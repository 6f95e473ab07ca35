package io.ciosync.customerio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.quarkus.smallrye.faulttolerance.runtime.config.SmallRyeFaultToleranceConfigRelocate;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The per-method keys answer for the class key of CustomerIo's policy, read the way SmallRye Fault Tolerance asks for
 * it in Quarkus ({@code smallrye.faulttolerance."..."}, relocated to {@code quarkus.fault-tolerance."..."}).
 */
class PerMethodPolicyKeysTest {

    private static final String ASKED =
            "smallrye.faulttolerance.\"io.ciosync.customerio.CustomerIo\".retry.max-retries";
    private static final String CLASS_KEY =
            "quarkus.fault-tolerance.\"io.ciosync.customerio.CustomerIo\".retry.max-retries";
    private static final String IDENTIFY_KEY =
            "quarkus.fault-tolerance.\"io.ciosync.customerio.CustomerIo/identify\".retry.max-retries";
    private static final String BATCH_KEY =
            "quarkus.fault-tolerance.\"io.ciosync.customerio.CustomerIo/batch\".retry.max-retries";

    @Test
    void eitherPerMethodKeyAnswersForTheClassKey() {
        assertThat(maxRetries(Map.of(IDENTIFY_KEY, "8"))).contains(8);
        assertThat(maxRetries(Map.of(BATCH_KEY, "5"))).contains(5);
        assertThat(maxRetries(Map.of(IDENTIFY_KEY, "3", BATCH_KEY, "3"))).contains(3);
        assertThat(config(Map.of(BATCH_KEY, "5")).getOptionalValue(CLASS_KEY, Integer.class))
                .contains(5);
    }

    @Test
    void theClassKeyWinsAndNothingSetLeavesTheAnnotationsValue() {
        assertThat(maxRetries(Map.of(CLASS_KEY, "2", BATCH_KEY, "5"))).contains(2);
        assertThat(maxRetries(Map.of())).isEmpty();
        assertThat(maxRetries(Map.of("quarkus.fault-tolerance.\"io.ciosync.Other/batch\".retry.max-retries", "5")))
                .isEmpty();
    }

    @Test
    void aPerMethodKeyUnderAProfileIsFound() {
        assertThat(maxRetries(Map.of("%test." + BATCH_KEY, "4"), "test")).contains(4);
        assertThat(maxRetries(Map.of("%test." + BATCH_KEY, "4"), "prod")).isEmpty();
    }

    @Test
    void perMethodKeysThatDifferAreRefusedNamingBothAndTheClassKey() {
        assertThatThrownBy(() -> maxRetries(Map.of(IDENTIFY_KEY, "8", BATCH_KEY, "5")))
                .hasMessageContaining(IDENTIFY_KEY + "=8")
                .hasMessageContaining(BATCH_KEY + "=5")
                .hasMessageContaining("set " + CLASS_KEY + " instead");
    }

    private static Optional<Integer> maxRetries(Map<String, String> properties) {
        return maxRetries(properties, "prod");
    }

    private static Optional<Integer> maxRetries(Map<String, String> properties, String profile) {
        return config(properties, profile).getOptionalValue(ASKED, Integer.class);
    }

    private static SmallRyeConfig config(Map<String, String> properties) {
        return config(properties, "prod");
    }

    private static SmallRyeConfig config(Map<String, String> properties, String profile) {
        return new SmallRyeConfigBuilder()
                .withProfile(profile)
                .withInterceptorFactories(new SmallRyeFaultToleranceConfigRelocate())
                .withInterceptors(new PerMethodPolicyKeys())
                .withSources(new PropertiesConfigSource(properties, "test", 250))
                .build();
    }
}
