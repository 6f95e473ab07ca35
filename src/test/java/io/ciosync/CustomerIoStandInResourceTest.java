package io.ciosync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.reflect.Field;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The test resource starts one stand-in per region and injects each where asked. */
class CustomerIoStandInResourceTest {

    static class SomeTest {
        @InjectCustomerIo
        CustomerIoStandIn us;

        @InjectCustomerIo(region = "eu")
        CustomerIoStandIn eu;

        CustomerIoStandIn notAnnotated;
    }

    @Test
    void startsBothRegionsAndInjectsByRegion() throws Exception {
        CustomerIoStandInResource resource = new CustomerIoStandInResource();
        SomeTest test = new SomeTest();
        try {
            Map<String, String> config = resource.start();
            resource.inject((value, predicate) -> {
                for (Field field : SomeTest.class.getDeclaredFields()) {
                    if (predicate.test(field)) {
                        set(field, test, value);
                    }
                }
            });

            assertEquals(test.us.baseUrl(), config.get("cio-sync.customerio.us-url"));
            assertEquals(test.eu.baseUrl(), config.get("cio-sync.customerio.eu-url"));
            assertEquals("us", test.us.region());
            assertEquals("eu", test.eu.region());
            assertNull(test.notAnnotated);
            StandInClient eu = new StandInClient(test.eu.baseUrl());
            assertEquals(
                    "{\"url\":\"" + test.eu.baseUrl() + "\",\"region\":\"eu\",\"environment_id\":1001}",
                    eu.region(StandInClient.basic("your_site_id", "your_api_key"))
                            .body());
        } finally {
            resource.stop();
        }
    }

    private static void set(Field field, Object target, Object value) {
        try {
            field.set(target, value);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }
}
