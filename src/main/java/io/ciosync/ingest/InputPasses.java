package io.ciosync.ingest;

import java.io.IOException;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.ciosync.CioSyncConfig;
import io.ciosync.InvalidRequestException;
import io.ciosync.mapping.CreatedAt;

/**
 * The two passes over a submission's users and the limits both apply ({@code cio-sync.max-user-record-size},
 * {@code cio-sync.max-users-per-job}). The first pass ({@link #check}) reads the whole input with every check the
 * second makes (syntax, parser limits, record size, number of users) but keeps nothing, so that a bad input is refused
 * before any of its users is sent. The second pass, {@link Ingestor}'s, maps and stores the users, and delivery starts
 * on its first chunk while it reads on.
 */
@ApplicationScoped
class InputPasses {

    private final ObjectMapper json;
    private final CioSyncConfig config;

    InputPasses(ObjectMapper json, CioSyncConfig config) {
        this.json = json;
        this.config = config;
    }

    /** {@code checking}: the first pass, which refuses keys given twice; the second reads the same bytes. */
    UserRecords open(Submission submission, boolean checking) throws IOException {
        return UserRecords.open(submission.data(), submission.format(), json, submission.dataField(), checking)
                .limitRecords(config.maxUserRecordSize().asLongValue());
    }

    /** The first pass. A string where the config sends a top-level field as {@code created_at} without a type refuses
     * the job here too. */
    void check(Submission submission, Optional<CreatedAt.DataCheck> createdAt) throws IOException {
        int maxUsers = maxUsers();
        try (UserRecords users = open(submission, true)) {
            createdAt.ifPresent(c -> users.watchStrings(c.from(), (record, text) -> {
                throw c.stringAt(record, text);
            }));
            for (int n = 0; users.skip(); n++) {
                if (n == maxUsers) {
                    throw tooManyUsers(users.field);
                }
            }
        }
    }

    int maxUsers() {
        return config.maxUsersPerJob();
    }

    InvalidRequestException tooManyUsers(String field) {
        return InvalidRequestException.tooLarge(
                field, "has more than " + maxUsers() + " users (cio-sync.max-users-per-job)");
    }
}
