package io.ciosync.cli;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ciosync.InvalidRequestException;
import io.ciosync.ingest.Ingestor;
import io.ciosync.ingest.Submission;
import io.ciosync.ingest.SubmissionReader;
import io.ciosync.notify.NotifyUrls;
import io.ciosync.store.JobStore;
import io.ciosync.store.NoticeStatus;
import io.ciosync.store.NoticeStore;
import io.ciosync.store.UserOutcomes;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.ShutdownEvent;

/**
 * {@code sync -c config.json -d data.json} in this process: the files go through the same reader as a multipart
 * {@code POST /syncs}, the same ingestion and the same delivery workers, on a temporary embedded database.
 */
public class LocalSync implements QuarkusApplication {

    /** The tenant the command's jobs are recorded under. */
    static final String TENANT = "cli";

    private final SubmissionReader reader;
    private final Ingestor ingestor;
    private final JobStore jobs;
    private final UserOutcomes outcomes;
    private final NoticeStore notices;
    private final ObjectMapper json;
    private volatile boolean stopping;
    private volatile boolean quietOnStop;

    LocalSync(
            SubmissionReader reader,
            Ingestor ingestor,
            JobStore jobs,
            UserOutcomes outcomes,
            NoticeStore notices,
            ObjectMapper json) {
        this.outcomes = outcomes;
        this.notices = notices;
        this.json = json;
        this.reader = reader;
        this.ingestor = ingestor;
        this.jobs = jobs;
    }

    @Override
    public int run(String... args) throws Exception {
        Terminal terminal = Terminal.system();
        CliArgs cli = CliArgs.parse(List.of(args), Map.of()); // checked by Cli before Quarkus started
        quietOnStop = !cli.verbose();
        Ingestor.Accepted job;
        try (Submission submission = reader.fromParts(
                TENANT, new SubmissionReader.Part(cli.config(), null), new SubmissionReader.Part(cli.data(), null))) {
            job = ingestor.ingest(submission, TENANT);
        } catch (InvalidRequestException e) {
            terminal.problems(
                    "the config or data cannot be synced",
                    e.violations().stream()
                            .map(v -> v.field() + ": " + v.message())
                            .toList());
            return ExitCodes.BAD_INPUT;
        }
        LocalJob watched = new LocalJob(jobs, outcomes, job.id(), () -> stopping);
        try {
            int exit = new Follower(terminal, Duration.ofMillis(200), Duration.ofSeconds(5))
                    .follow(watched, cli.reportPath());
            boolean noticeLeft;
            try {
                noticeLeft = awaitNotice(terminal, job.id());
            } catch (RuntimeException e) {
                if (!stopping) {
                    throw e;
                }
                noticeLeft = false;
            }
            if (!noticeLeft) {
                terminal.err()
                        .println("interrupted before the completion notice of job " + job.id() + " was sent: "
                                + "it never will be (the job lived in this process only)");
                return ExitCodes.INTERRUPTED;
            }
            return exit;
        } catch (RuntimeException e) {
            if (!stopping) {
                throw e;
            }
        }
        terminal.err()
                .println(System.lineSeparator() + "interrupted before job " + job.id() + " ended: its users "
                        + "not yet synced were not sent (the job lived in this process only)");
        return ExitCodes.INTERRUPTED;
    }

    /**
     * Waits, if the job's config asks for a completion notice, until it is sent or given up, saying each new reason it
     * failed for: the job lives in this process only, so a notice left for later would never leave. Ctrl-C stops waiting.
     * Returns false if it stopped waiting with the notice still pending.
     */
    private boolean awaitNotice(Terminal terminal, String jobId) throws InterruptedException, JsonProcessingException {
        JsonNode config = json.readTree(jobs.find(jobId, TENANT).orElseThrow().configJson());
        Optional<NoticeStatus> notice = notices.status(jobId, config);
        if (notice.isEmpty()) {
            return true;
        }
        terminal.err()
                .println("sending the completion notice to "
                        + NotifyUrls.origin(notice.get().url()) + " (Ctrl-C to stop waiting)");
        String shown =
                null; // the last failure said (an attempt's count goes up when it starts, its error when it ends)
        while (!stopping && NoticeStatus.PENDING.equals(notice.get().state())) {
            String error = notice.get().error();
            if (error != null && !error.equals(shown)) {
                shown = error;
                terminal.err().println("completion notice not delivered yet (" + error + "); trying again");
            }
            Thread.sleep(200);
            notice = notices.status(jobId, config);
        }
        NoticeStatus last = notice.get();
        if (NoticeStatus.SENT.equals(last.state())) {
            terminal.err().println("completion notice sent");
        } else if (NoticeStatus.GAVE_UP.equals(last.state())) {
            terminal.err()
                    .println("completion notice not delivered after " + last.attempts() + " attempts: " + last.error());
        }
        return !NoticeStatus.PENDING.equals(last.state());
    }

    /**
     * Quarkus is stopping (Ctrl-C, SIGTERM): the database is about to close under the progress line, and sends cut
     * off in flight would log their failures; unless {@code --verbose} the command only says it was interrupted.
     */
    void stopping(@Observes ShutdownEvent event) {
        stopping = true;
        if (quietOnStop) {
            java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.OFF);
        }
    }
}
