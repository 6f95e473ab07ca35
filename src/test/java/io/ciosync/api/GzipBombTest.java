package io.ciosync.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ciosync.CustomerIoStandIn;
import io.ciosync.CustomerIoStandInResource;
import io.ciosync.InjectCustomerIo;
import io.ciosync.Jobs;
import io.ciosync.LogCapture;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * A 2 MB gzip of {@code [} + 2 GiB of spaces + {@code ]} is refused with 413 naming
 * {@code cio-sync.json.max-decompressed-size} (32 MB in the tests), counted as it inflates, with no job left; and the
 * reading of a submission runs on the ingestion's own platform threads, never on the virtual threads serving requests.
 */
@QuarkusTest
@WithTestResource(CustomerIoStandInResource.class)
class GzipBombTest extends BadInputCase {

    private static final int MEMBER = 16 << 20;

    @InjectCustomerIo
    CustomerIoStandIn customerIo;

    @BeforeEach
    void reset() {
        customerIo.reset();
    }

    /** 128 gzip members of 16 MiB of spaces each (a reader inflates them as one stream): 2 GiB from about 2 MB. */
    static byte[] bomb() throws IOException {
        byte[] spaces = new byte[MEMBER];
        java.util.Arrays.fill(spaces, (byte) ' ');
        byte[] member = gzip(spaces);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(gzip("[".getBytes(StandardCharsets.US_ASCII)));
        for (int i = 0; i < 128; i++) {
            out.write(member);
        }
        out.write(gzip("]".getBytes(StandardCharsets.US_ASCII)));
        return out.toByteArray();
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    @Test
    void aGzipOfTwoGibibytesOfWhitespaceIsA413NamingTheLimit() throws IOException {
        byte[] bomb = bomb();
        assertThat(bomb.length).isLessThan(3_000_000);

        JsonPath problem = refused(
                given().multiPart("config", "config.json", Jobs.ORIGINAL_CONFIG.getBytes())
                        .multiPart("data", "users.json.gz", bomb)
                        .post("/syncs"),
                413,
                "data");

        assertThat(problem.getString("title")).isEqualTo("Request too large");
        assertThat(problem.getString("errors[0].message"))
                .isEqualTo("decompresses to more than 33554432 bytes (cio-sync.json.max-decompressed-size)");
        assertThat(customerIo.requestCount()).isZero();
    }

    @Test
    void submissionsAreReadOnTheIngestionsPlatformThreadsNotOnRequestThreads() {
        List<String> threads;
        try (LogCapture log = LogCapture.of("io.ciosync.ingest")) {
            Jobs.awaitFinished(Jobs.submit(Map.of("config", Jobs.config(2), "data", Jobs.users("p", 3))));
            threads = log.threads().subList(0, log.lines().size());
            assertThat(log.lines()).anySatisfy(line -> assertThat(line).contains("accepted: 3 users"));
            int accepted = log.lines()
                    .indexOf(log.lines().stream()
                            .filter(l -> l.contains("accepted: 3 users"))
                            .findFirst()
                            .orElseThrow());
            assertThat(threads.get(accepted)).startsWith("cio-sync-parse-");
        }
    }
}
