package io.ciosync.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.ciosync.CustomerIoStandIn;
import io.ciosync.Jobs;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * The embedded database on a 48 MB tmpfs (mounted under target/, needs root): a job that does not fit is refused
 * with 507 and changes nothing; a job that outgrows its estimate is stopped at the reserve and removed; without a
 * reserve, H2 itself finds the disk full and closes the database: readiness goes DOWN with the reason, and once there
 * is room again the service reopens it and removes the half-written job. Every finished job reads the same after a
 * restart.
 */
class DiskFullIT {

    private static final Path LOGS = Path.of("target/it-logs/disk");
    private static final Path FILES = Path.of("target/disk-it/files");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static SmallVolume volume;

    private CustomerIoStandIn customerIo;
    private Path data;

    @BeforeAll
    static void mount() throws Exception {
        volume = SmallVolume.mount(Path.of("target/disk-it/volume"), 48);
        Files.createDirectories(FILES);
    }

    @AfterAll
    static void unmount() throws Exception {
        if (volume != null) {
            volume.close();
        }
    }

    @BeforeEach
    void start() throws IOException {
        customerIo = CustomerIoStandIn.start(0);
        data = Files.createDirectories(volume.path().resolve("data-" + System.nanoTime()));
    }

    @AfterEach
    void stop() throws IOException {
        customerIo.close();
        try (var files = Files.walk(volume.path())) { // the next test starts with the whole volume free
            files.sorted(java.util.Comparator.reverseOrder())
                    .filter(p -> !p.equals(volume.path()))
                    .forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void aJobThatDoesNotFitIsRefusedWith507AndNothingChanges() throws Exception {
        try (App app = app("fits").start()) {
            String small = finishedJob(app, "a", 200);
            String before = jobList(app);
            String smallBefore = body(app, small);
            Path upload = users("big", 40_000_000);

            Response refused = upload(app, upload);

            System.out.println("[DiskFullIT] 507 for a " + Files.size(upload) + "-byte upload: " + refused.asString());
            assertThat(refused.statusCode()).isEqualTo(507);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            JsonPath problem = refused.jsonPath();
            long needed = problem.getLong("neededBytes");
            long free = problem.getLong("freeBytes");
            assertThat(needed).isGreaterThanOrEqualTo(Files.size(upload)); // 40 MB × 2.5 (the default estimate)
            assertThat(needed + problem.getLong("reserveBytes")).isGreaterThan(free);
            assertThat(problem.getString("detail")).contains(needed + " bytes", free + " bytes are free");
            assertThat(jobList(app)).isEqualTo(before);
            assertThat(body(app, small)).isEqualTo(smallBefore);
        }
    }

    @Test
    void aJobThatOutgrowsItsEstimateIsStoppedAtTheReserveAndRemoved() throws Exception {
        Map<String, String> finished = new LinkedHashMap<>();
        String before;
        try (App app = app("outgrows")
                .prop("cio-sync.disk.stored-per-input-byte", "0.01")
                .start()) {
            String small = finishedJob(app, "a", 200);
            before = jobList(app);
            finished.put(small, body(app, small));

            Response refused = upload(app, users("huge", 60_000_000)); // far more than the 48 MB volume

            System.out.println("[DiskFullIT] 507 while storing: " + refused.asString());
            assertThat(refused.statusCode()).isEqualTo(507);
            assertThat(refused.jsonPath().getString("detail")).contains("ran out of space while this job was stored");
            assertThat(jobList(app)).isEqualTo(before);
            assertThat(readiness(app).getString("status")).isEqualTo("UP");
            // H2 reuses the removed job's blocks once its retention time (45 s) is over; until then: 507
            await("the removed job's space free")
                    .atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> readiness(app).getLong("checks.find { it.name == 'database' }.data.freeBytes")
                            > 9L * 1024 * 1024);
            String after = finishedJob(app, "b", 200); // the space the removed job took is used again
            finished.put(after, body(app, after));
            app.kill9(); // the harshest restart: no shutdown, no compaction
        }
        assertIntactAfterRestart(finished);
    }

    @Test
    void aDiskFilledWhileAJobIsStoredClosesH2TheHalfJobIsRemovedAndTheDatabaseReopened() throws Exception {
        Map<String, String> finished = new LinkedHashMap<>();
        Path spare = volume.path().resolve("spare"); // another file on the volume, which an operator can delete
        Files.write(spare, new byte[4 * 1024 * 1024]);
        try (App app = app("filled")
                .prop("cio-sync.disk.stored-per-input-byte", "0.01")
                .prop("cio-sync.disk.reserve", "0")
                .start()) { // no reserve: H2 is the one to find the disk full
            String small = finishedJob(app, "a", 200);
            finished.put(small, body(app, small));
            String before = jobList(app);

            Response refused = upload(app, users("huge", 60_000_000));

            System.out.println("[DiskFullIT] H2 found the disk full: " + refused.asString());
            assertThat(refused.statusCode()).isEqualTo(507);
            JsonPath down = readiness(app);
            System.out.println("[DiskFullIT] readiness right after: " + down.prettify());
            assertThat(down.getString("status")).isEqualTo("DOWN");
            assertThat(down.getString("checks.find { it.name == 'database' }.data.reason"))
                    .contains("closed by H2");

            Files.delete(spare);

            await("the half-written job removed")
                    .atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> app.logText().contains("the half-ingested job is removed now") // retried
                            || !app.logText().contains("it cannot be removed now")); // or removed at once
            await("readiness UP again")
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> readiness(app).getString("status").equals("UP"));
            assertThat(jobList(app)).isEqualTo(before);
            assertThat(body(app, small)).isEqualTo(finished.get(small));
            String after = finishedJob(app, "b", 200);
            finished.put(after, body(app, after));
            app.kill9(); // the harshest restart: no shutdown, no compaction
        }
        assertIntactAfterRestart(finished);
    }

    private void assertIntactAfterRestart(Map<String, String> finished) throws Exception {
        try (App again = app("restarted").start()) {
            for (Map.Entry<String, String> job : finished.entrySet()) {
                assertThat(body(again, job.getKey())).as("job " + job.getKey()).isEqualTo(job.getValue());
            }
        }
    }

    private App app(String name) {
        return App.create(name + "-" + data.getFileName(), customerIo.baseUrl(), LOGS) // a log of this test's own
                .prop("cio-sync.data-dir", data.toString())
                .prop("cio-sync.disk.reserve", "8M");
    }

    private static String finishedJob(App app, String prefix, int users) {
        String id = ItJobs.submit(app, ItJobs.job(prefix, users, 10));
        assertThat(ItJobs.awaitFinished(app, id, Duration.ofMinutes(2)).getString("status"))
                .isEqualTo("succeeded");
        return id;
    }

    /** The users of a job as an uploaded file (multipart, as {@code curl -F data=@users.json} sends it). */
    private static Response upload(App app, Path users) throws IOException {
        Map<String, Object> config = new LinkedHashMap<>(Jobs.config(10));
        config.put("mappings", List.of(Map.of("from", "name", "to", "name")));
        return given().baseUri(app.url())
                .auth()
                .oauth2(App.TOKEN)
                .multiPart("config", "config.json", JSON.writeValueAsBytes(config), "application/json")
                .multiPart("data", users.toFile(), "application/json")
                .post("/syncs");
    }

    /** A JSON array of about {@code bytes} bytes of users whose names are random (they do not compress). */
    private static Path users(String name, long bytes) throws IOException {
        Path file = FILES.resolve(name + ".json");
        Random random = new Random(42);
        byte[] raw = new byte[90];
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write('[');
            for (int i = 0; i * 150L < bytes; i++) {
                random.nextBytes(raw);
                out.write((i == 0 ? "" : ",\n") + "{\"uid\":\"" + name + i + "\",\"name\":\""
                        + Base64.getEncoder().encodeToString(raw) + "\"}");
            }
            out.write(']');
        }
        return file;
    }

    private static String jobList(App app) {
        return given().baseUri(app.url())
                .auth()
                .oauth2(App.TOKEN)
                .get("/syncs")
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    private static String body(App app, String id) {
        return given().baseUri(app.url())
                .auth()
                .oauth2(App.TOKEN)
                .get("/syncs/" + id)
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    private static JsonPath readiness(App app) {
        return given().baseUri(app.managementUrl())
                .get("/q/health/ready")
                .then()
                .extract()
                .jsonPath();
    }
}
