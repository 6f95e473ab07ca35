package io.ciosync.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ciosync.NoticeReceiver;
import io.restassured.path.json.JsonPath;

/**
 * Completion notices of the packaged application on PostgreSQL: replicas that poll the same notices send each one
 * once per attempt, and a notice whose replica dies mid-POST is sent by another once its lease has run out.
 */
class ReplicaNoticesIT extends PgCase {

    private static final Path LOGS = Path.of("target/it-logs/notify");

    private NoticeReceiver receiver;

    @BeforeEach
    void start() throws Exception {
        receiver = NoticeReceiver.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (receiver != null) {
            receiver.close();
        }
    }

    private App replica(String name) {
        return App.create(name, customerIo.baseUrl(), LOGS)
                .env("CIO_SYNC_DB_URL", pg.url())
                .prop("cio-sync.notify.allowed-urls", "http://127.0.0.1:")
                .prop("cio-sync.notify.backoff", "50ms")
                .prop("cio-sync.notify.lease", "5s")
                .prop("cio-sync.notify.batch", "2");
    }

    @Test
    void twoReplicasSendEveryAttemptOfEveryNoticeOnce() throws Exception {
        try (App a = replica("notify-a").start();
                App b = replica("notify-b").start()) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                receiver.answer("/hooks/" + i, 503); // the first attempt fails, the second is sent
                ids.add(ItJobs.submit(i % 2 == 0 ? a : b, job("r" + i + "-", "/hooks/" + i)));
            }

            for (String id : ids) {
                JsonPath job = ItJobs.await(
                        a, id, Duration.ofSeconds(60), doc -> "sent".equals(doc.getString("notify.state")));
                assertThat(job.getInt("notify.attempts")).as(id).isEqualTo(2);
                assertThat(receiver.notices(id)).as(id).hasSize(2);
                assertThat(JsonPath.from(receiver.notices(id).get(1).body()).getMap("counts"))
                        .isEqualTo(job.getMap("counts"));
            }
        }
    }

    @Test
    void aNoticeWhoseReplicaDiesMidPostIsSentByAnotherAfterItsLease() throws Exception {
        String id;
        try (App a = replica("notify-dying").start()) {
            receiver.hold("/hooks/held", Duration.ofSeconds(60));
            id = ItJobs.submit(a, job("held-", "/hooks/held"));
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> receiver.notices(id).size() == 1);
            a.kill9();
        }
        try (App b = replica("notify-taking-over").start()) {
            JsonPath job =
                    ItJobs.await(b, id, Duration.ofSeconds(60), doc -> "sent".equals(doc.getString("notify.state")));

            assertThat(job.getInt("notify.attempts")).isEqualTo(2);
            assertThat(receiver.notices(id)).hasSize(2);
            assertThat(b.logText()).contains("job " + id + ": completion notice sent");
        }
    }

    private Map<String, Object> job(String prefix, String path) {
        Map<String, Object> job = ItJobs.job(prefix, 3, 5);
        @SuppressWarnings("unchecked")
        Map<String, Object> config = (Map<String, Object>) job.get("config");
        config.put("notify", Map.of("url", receiver.url(path)));
        return job;
    }
}
