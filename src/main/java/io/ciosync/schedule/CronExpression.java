package io.ciosync.schedule;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

/**
 * A Quartz cron expression ({@code sec min hour day-of-month month day-of-week [year]}, one of the two days
 * {@code ?}) in a time zone: the syntax of {@code @Scheduled(cron = ...)}, parsed by the library the Quarkus
 * Scheduler uses.
 */
public final class CronExpression {

    private static final CronParser PARSER =
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));
    static final int MAX_LENGTH = 200;

    private final ExecutionTime times;
    private final ZoneId zone;

    private CronExpression(ExecutionTime times, ZoneId zone) {
        this.times = times;
        this.zone = zone;
    }

    /** @throws IllegalArgumentException saying what is wrong with the expression */
    public static CronExpression parse(String expression, ZoneId zone) {
        if (expression == null || expression.isBlank() || expression.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "must be a Quartz cron expression of at most " + MAX_LENGTH + " characters");
        }
        try {
            return new CronExpression(
                    ExecutionTime.forCron(PARSER.parse(expression.trim()).validate()), zone);
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new IllegalArgumentException("is not a Quartz cron expression (seconds minutes hours day-of-month "
                    + "month day-of-week [year], one of the two days '?', e.g. \"0 0 2 * * ?\" for 02:00 every day): "
                    + e.getMessage());
        }
    }

    /** The first fire time strictly after {@code after}, in UTC; empty when the expression has no more. */
    public Optional<OffsetDateTime> next(OffsetDateTime after) {
        return times.nextExecution(after.atZoneSameInstant(zone))
                .map(t -> t.toOffsetDateTime()
                        .withOffsetSameInstant(ZoneOffset.UTC)
                        .withNano(0));
    }
}
