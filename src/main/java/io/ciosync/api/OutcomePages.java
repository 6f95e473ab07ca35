package io.ciosync.api;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.ciosync.CioSyncConfig;
import io.ciosync.InvalidRequestException;
import io.ciosync.store.Outcome;
import io.ciosync.store.UserOutcome;
import io.ciosync.store.UserOutcomes;

/**
 * Pages of a job's per-user outcomes, in input order: {@code ?outcome=failed&limit=100&after=CURSOR}, the cursor
 * being the {@code next} of the previous page. Bad parameters are 400s naming the parameter.
 */
@ApplicationScoped
class OutcomePages {

    private final UserOutcomes outcomes;
    private final int pageSize;

    OutcomePages(UserOutcomes outcomes, CioSyncConfig config) {
        this.outcomes = outcomes;
        this.pageSize = config.pageSize();
    }

    /** The first page, with the default size and no filter: the one a job's status shows. */
    Views.OutcomePage first(String jobId) {
        return page(jobId, null, -1, pageSize);
    }

    Views.OutcomePage page(String jobId, String outcome, Integer limit, String after) {
        return page(jobId, filter(outcome), cursor(after), PageLimit.of(limit, pageSize));
    }

    /** The {@code outcome} parameter as a filter (null: every outcome). */
    static Outcome filter(String outcome) {
        if (outcome == null) {
            return null;
        }
        try {
            return Outcome.fromWire(outcome);
        } catch (IllegalArgumentException e) {
            throw InvalidRequestException.of(
                    "outcome",
                    "must be one of "
                            + Arrays.stream(Outcome.values()).map(Outcome::wire).collect(Collectors.joining(", ")));
        }
    }

    private Views.OutcomePage page(String jobId, Outcome filter, int afterSeq, int size) {
        List<UserOutcome> page = outcomes.outcomes(jobId, filter, afterSeq, size + 1); // one more: is there a next?
        return new Views.OutcomePage(
                page.stream()
                        .limit(size)
                        .map(u -> new Views.UserOutcome(
                                u.userId(), u.outcome().wire(), u.httpStatus(), u.attempts(), u.error()))
                        .toList(),
                page.size() > size ? String.valueOf(page.get(size - 1).seq()) : null);
    }

    private static int cursor(String after) {
        if (after == null) {
            return -1;
        }
        try {
            return Integer.parseInt(after);
        } catch (NumberFormatException e) {
            throw InvalidRequestException.of("after", "is not a cursor returned as \"next\" by this resource");
        }
    }
}
