package io.ciosync.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ciosync.CustomerIoStandIn;
import io.ciosync.CustomerIoStandIn.RecordedRequest;
import io.ciosync.CustomerIoStandInResource;
import io.ciosync.InjectCustomerIo;
import io.ciosync.Jobs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * v1 ids that a receiver could take for path steps ({@code .}, {@code ..}) or parameters ({@code ;}) reach
 * Customer.io percent-encoded in the request line, and are stored under exactly those ids.
 */
@QuarkusTest
@WithTestResource(CustomerIoStandInResource.class)
class V1PathSegmentTest {

    @InjectCustomerIo
    CustomerIoStandIn customerIo;

    @BeforeEach
    void reset() {
        customerIo.reset();
    }

    @Test
    void dotSegmentsAndReservedCharactersArePercentEncoded() {
        List<String> ids = List.of(".", "..", "a;b", "x/y", "é ~_-.z");
        String id = Jobs.submit(Map.of(
                "config",
                Jobs.v1Config(1),
                "data",
                ids.stream().map(u -> Map.of("uid", u, "name", "N")).toList()));

        assertThat(Jobs.awaitFinished(id).getString("status")).isEqualTo("succeeded");
        assertThat(customerIo.requests())
                .extracting(RecordedRequest::rawPath)
                .containsExactlyInAnyOrder(
                        "/api/v1/customers/%2E",
                        "/api/v1/customers/%2E%2E",
                        "/api/v1/customers/a%3Bb",
                        "/api/v1/customers/x%2Fy",
                        "/api/v1/customers/%C3%A9%20~_-.z");
        for (String user : ids) {
            assertThat(customerIo.person(user)).as(user).isPresent();
        }
        assertThat(Jobs.outcomes(id)).extracting(o -> o.get("userId")).containsExactlyElementsOf(ids);
    }
}
