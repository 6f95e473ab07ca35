package io.ciosync.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

class CronExpressionTest {

    private static final ZoneId UTC = ZoneId.of("UTC");

    @Test
    void nextIsTheFirstFireTimeStrictlyAfterInUtc() {
        CronExpression everyThree = CronExpression.parse("0/3 * * * * ?", UTC);
        assertThat(everyThree.next(OffsetDateTime.parse("2030-01-01T10:00:00.400Z")))
                .contains(OffsetDateTime.parse("2030-01-01T10:00:03Z"));
        assertThat(everyThree.next(OffsetDateTime.parse("2030-01-01T10:00:03Z")))
                .contains(OffsetDateTime.parse("2030-01-01T10:00:06Z"));
    }

    @Test
    void aTimeZoneMovesTheFireTime() {
        CronExpression twoAmParis = CronExpression.parse("0 0 2 * * ?", ZoneId.of("Europe/Paris"));
        assertThat(twoAmParis.next(OffsetDateTime.parse("2030-07-01T12:00:00Z")))
                .contains(OffsetDateTime.parse("2030-07-02T00:00:00Z"));
    }

    @Test
    void whatIsNotQuartzIsRefusedWithTheReason() {
        assertThatThrownBy(() -> CronExpression.parse("0 2 * * *", UTC))
                .hasMessageStartingWith("is not a Quartz cron expression");
        assertThatThrownBy(() -> CronExpression.parse("0 0 2 * * * *", UTC))
                .hasMessageStartingWith("is not a Quartz cron expression");
        assertThatThrownBy(() -> CronExpression.parse(" ", UTC)).hasMessageContaining("at most 200");
        assertThat(CronExpression.parse("0 0 0 1 1 ? 2001", UTC).next(OffsetDateTime.parse("2030-01-01T00:00:00Z")))
                .isEmpty();
    }
}
