package io.ciosync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class ProgressTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void showsDoneOverTotalRateFailuresAndTimeLeft() {
        Progress progress = new Progress();
        progress.line(job("running", 10_000, 0, 0, 0), 0);

        String line = progress.line(job("running", 10_000, 1_900, 80, 20), 4 * SECOND);

        assertThat(line)
                .isEqualTo("[####                ] 2,000/10,000 users (20%)  500 users/s  80 failed  "
                        + "20 skipped  ETA 0:16");
    }

    @Test
    void theRateIsOverTheLastTenSeconds() {
        Progress progress = new Progress();
        progress.line(job("running", 100_000, 0, 0, 0), 0);
        progress.line(job("running", 100_000, 50_000, 0, 0), 5 * SECOND);
        progress.line(job("running", 100_000, 51_000, 0, 0), 15 * SECOND);
        progress.line(job("running", 100_000, 52_000, 0, 0), 20 * SECOND);

        assertThat(progress.rate()).isEqualTo(200.0);
    }

    @Test
    void aFinishedJobShowsItsStatusInsteadOfAnEta() {
        Progress progress = new Progress();
        assertThat(progress.line(job("completed_with_errors", 2, 1, 1, 0), 0))
                .endsWith("2/2 users (100%)  0 users/s  1 failed  0 skipped  completed_with_errors");
        assertThat(Progress.duration(Duration.ofSeconds(3723))).isEqualTo("1:02:03");
    }

    @Test
    void reportCellsAreCsvAndDefusedForSpreadsheets() {
        assertThat(FailureReport.cell("a,b \"c\"")).isEqualTo("\"a,b \"\"c\"\"\"");
        assertThat(FailureReport.cell("=HYPERLINK(1)")).isEqualTo("'=HYPERLINK(1)");
        assertThat(FailureReport.cell("-42")).isEqualTo("-42");
        assertThat(FailureReport.cell(null)).isEmpty();
    }

    private static WatchedJob.Snapshot job(String status, int total, int synced, int failed, int skipped) {
        return new WatchedJob.Snapshot(status, total, synced, failed, skipped, null, List.of());
    }
}
