package io.ciosync;

import java.lang.reflect.Field;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Runs two {@link CustomerIoStandIn}s on dynamic ports, one per Customer.io region, and points cio-sync at
 * them ({@code cio-sync.customerio.us-url}, {@code cio-sync.customerio.eu-url}). Every {@code @QuarkusTest} names
 * it, so that no test can reach the real Customer.io and all tests of one profile share one Quarkus start
 * ({@code @WithTestResource}'s default scope, {@code MATCHING_RESOURCES}: a class with another set of resources
 * would start Quarkus again).
 *
 * <pre>
 * &#64;QuarkusTest
 * &#64;WithTestResource(CustomerIoStandInResource.class)
 * class SomeTest {
 *     &#64;InjectCustomerIo CustomerIoStandIn customerIo;               // US
 *     &#64;InjectCustomerIo(region = "eu") CustomerIoStandIn customerIoEu;
 *
 *     &#64;BeforeEach void reset() { customerIo.reset(); customerIoEu.reset(); }
 * }
 * </pre>
 */
public class CustomerIoStandInResource implements QuarkusTestResourceLifecycleManager {

    public static final String US_URL = "cio-sync.customerio.us-url";
    public static final String EU_URL = "cio-sync.customerio.eu-url";

    private CustomerIoStandIn us;
    private CustomerIoStandIn eu;

    @Override
    public Map<String, String> start() {
        us = CustomerIoStandIn.start(0, "us");
        eu = CustomerIoStandIn.start(0, "eu");
        return Map.of(US_URL, us.baseUrl(), EU_URL, eu.baseUrl());
    }

    @Override
    public void stop() {
        if (us != null) {
            us.close();
        }
        if (eu != null) {
            eu.close();
        }
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(us, field -> matches(field, "us"));
        testInjector.injectIntoFields(eu, field -> matches(field, "eu"));
    }

    private static boolean matches(Field field, String region) {
        InjectCustomerIo annotation = field.getAnnotation(InjectCustomerIo.class);
        return annotation != null
                && field.getType().isAssignableFrom(CustomerIoStandIn.class)
                && annotation.region().equalsIgnoreCase(region);
    }
}
