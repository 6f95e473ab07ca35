package io.ciosync.cli;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * The progress of a job as one line: users done / total, users per second over the last few seconds, failures,
 * and the time left at that rate. Times are given by the caller, so the arithmetic is testable.
 */
final class Progress {

    private static final long WINDOW = Duration.ofSeconds(10).toNanos();
    private static final int BAR = 20;

    private record Sample(long nanos, int done) {}

    private final Deque<Sample> samples = new ArrayDeque<>();

    /** Records {@code job} as seen at {@code nanos} and describes it. */
    String line(WatchedJob.Snapshot job, long nanos) {
        samples.addLast(new Sample(nanos, job.done()));
        while (samples.size() > 2 && nanos - samples.getFirst().nanos() > WINDOW) {
            samples.removeFirst();
        }
        int total = job.total();
        int done = job.done();
        int percent = total == 0 ? 100 : (int) (100L * done / total);
        double rate = rate();
        StringBuilder line = new StringBuilder();
        line.append('[')
                .append("#".repeat(percent * BAR / 100))
                .append(" ".repeat(BAR - percent * BAR / 100))
                .append("] ")
                .append(format("%,d/%,d users (%d%%)", done, total, percent))
                .append(format("  %,.0f users/s  %,d failed  %,d skipped", rate, job.failed(), job.skipped()));
        if (job.finished()) {
            line.append("  ").append(job.status());
        } else if (rate > 0 && done < total) {
            line.append("  ETA ").append(duration(Duration.ofSeconds((long) Math.ceil((total - done) / rate))));
        } else {
            line.append("  ").append(job.status());
        }
        return line.toString();
    }

    /** Users per second between the oldest and newest sample of the window. */
    double rate() {
        if (samples.size() < 2) {
            return 0;
        }
        Sample first = samples.getFirst();
        Sample last = samples.getLast();
        long nanos = last.nanos() - first.nanos();
        return nanos <= 0 ? 0 : (last.done() - first.done()) * 1e9 / nanos;
    }

    /** {@code 0:19}, {@code 12:05}, {@code 1:02:03}. */
    static String duration(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : format("%d:%02d", s / 60, s % 60);
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
