package io.ciosync.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Follows a job to its end: a progress line redrawn in place on a terminal (a plain line now and then when piped),
 * then a summary, the first failed users with their reasons, all of them in a CSV report, and the exit code.
 */
final class Follower {

    static final int SHOWN_PROBLEMS = 10;
    private static final String CLEAR_TO_END = "\033[K";

    private final Terminal terminal;
    private final Duration pollEvery;
    private final Duration printEvery;

    Follower(Terminal terminal, Duration pollEvery, Duration printEvery) {
        this.terminal = terminal;
        this.pollEvery = pollEvery;
        this.printEvery = printEvery;
    }

    int follow(WatchedJob job, Path reportPath) throws InterruptedException {
        PrintStream out = terminal.out();
        long start = System.nanoTime();
        long printed = Long.MIN_VALUE;
        Progress progress = new Progress();
        WatchedJob.Snapshot now = job.poll();
        out.printf("job %s: %,d users%n", job.id(), now.total());
        now.warnings().forEach(w -> terminal.err().println("warning: " + w));
        while (!now.finished()) {
            long t = System.nanoTime();
            String line = progress.line(now, t);
            if (terminal.interactive()) {
                out.print("\r" + line + CLEAR_TO_END);
                out.flush();
            } else if (printed == Long.MIN_VALUE || t - printed >= printEvery.toNanos()) {
                out.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " " + line);
                printed = t;
            }
            Thread.sleep(pollEvery);
            now = job.poll();
        }
        String last = progress.line(now, System.nanoTime());
        out.println(terminal.interactive() ? "\r" + last + CLEAR_TO_END : last);
        summarize(job, now, Duration.ofNanos(System.nanoTime() - start), reportPath);
        return ExitCodes.of(now.status());
    }

    private void summarize(WatchedJob job, WatchedJob.Snapshot end, Duration took, Path reportPath) {
        PrintStream out = terminal.out();
        out.printf(
                Locale.ROOT,
                "job %s %s in %s: %,d users, %,d synced, %,d failed, %,d skipped%n",
                job.id(),
                end.status(),
                Progress.duration(took.plusMillis(999)),
                end.total(),
                end.synced(),
                end.failed(),
                end.skipped());
        if (end.error() != null) {
            terminal.err().println("error: " + end.error());
        }
        int notAttempted = end.total() - end.done();
        if (notAttempted > 0) {
            out.printf(Locale.ROOT, "%,d users were not attempted%n", notAttempted);
        }
        if (end.failed() + end.skipped() > 0) {
            report(job, reportPath);
        }
    }

    private void report(WatchedJob job, Path reportPath) {
        PrintStream out = terminal.out();
        try (FailureReport report = open(reportPath)) {
            job.problems(report::add);
            out.printf(
                    Locale.ROOT,
                    "failed or skipped users (first %d of %,d):%n",
                    report.first().size(),
                    report.count());
            for (WatchedJob.Problem p : report.first()) {
                String id = p.userId() == null || p.userId().isBlank() ? "(no id)" : p.userId();
                out.printf(
                        Locale.ROOT,
                        "  %s  %s%s  %s%n",
                        id,
                        p.outcome(),
                        p.httpStatus() == null ? "" : " (HTTP " + p.httpStatus() + ")",
                        p.error() == null ? "" : p.error());
            }
            out.printf(Locale.ROOT, "all %,d are listed in %s%n", report.count(), report.path());
        } catch (IOException e) {
            terminal.err().println("could not write the report of failed users: " + e.getMessage());
        }
    }

    /** The report at {@code path}, or in a temporary file when that cannot be written. */
    private FailureReport open(Path path) throws IOException {
        try {
            return new FailureReport(path, SHOWN_PROBLEMS);
        } catch (IOException e) {
            Path fallback = Files.createTempFile("cio-sync-failed-", ".csv");
            terminal.err().println("cannot write " + path + " (" + e.getMessage() + "); writing " + fallback);
            return new FailureReport(fallback, SHOWN_PROBLEMS);
        }
    }
}
