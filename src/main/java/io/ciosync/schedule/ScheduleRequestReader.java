package io.ciosync.schedule;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ciosync.InvalidRequestException;
import io.ciosync.InvalidRequestException.Violation;
import io.ciosync.ingest.FileRefs;
import io.ciosync.ingest.Submission;
import io.ciosync.ingest.SubmissionReader;

/**
 * Reads {@code POST /schedules}: the schedule's own fields ({@code cron}, {@code timeZone}, {@code skipUnchanged})
 * and, in the same object, the sync request to replay at every tick ({@code config} or {@code configFile}, and
 * {@code dataFile}), checked now exactly as {@code POST /syncs} would check it. Every problem is named at once.
 */
@ApplicationScoped
public class ScheduleRequestReader {

    /** A valid schedule request; {@code jobRequest} no longer holds the API key, {@code apiKey} does (or null). */
    public record NewSchedule(String cron, ZoneId zone, Boolean skipUnchanged, ObjectNode jobRequest, String apiKey) {}

    private static final Set<String> OWN_FIELDS = Set.of("cron", "timeZone", "skipUnchanged");

    private final ObjectMapper json;
    private final SubmissionReader submissions;
    private final Clock clock;

    ScheduleRequestReader(ObjectMapper json, SubmissionReader submissions, Clock clock) {
        this.json = json;
        this.submissions = submissions;
        this.clock = clock;
    }

    /** A schedule request of {@code tenant}: its files and workspace are checked as that tenant's. */
    public NewSchedule read(String tenant, InputStream body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw InvalidRequestException.of(
                    "body", "is not valid JSON (line " + e.getLocation().getLineNr() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (root == null || !root.isObject()) {
            throw InvalidRequestException.of(
                    "body", "must be a JSON object with cron, config (or configFile) and " + "dataFile");
        }
        List<Violation> problems = new ArrayList<>();
        ZoneId zone = zone(root.get("timeZone"), problems);
        String cron = text(root, "cron", problems);
        if (cron != null && zone != null) {
            try {
                if (CronExpression.parse(cron, zone)
                        .next(OffsetDateTime.now(clock))
                        .isEmpty()) {
                    problems.add(new Violation("cron", "never fires again"));
                }
            } catch (IllegalArgumentException e) {
                problems.add(new Violation("cron", e.getMessage()));
            }
        }
        JsonNode skip = root.get("skipUnchanged");
        if (skip != null && !skip.isNull() && !skip.isBoolean()) {
            problems.add(new Violation("skipUnchanged", "must be true or false"));
        }
        ObjectNode jobRequest = ((ObjectNode) root).deepCopy();
        jobRequest.remove(OWN_FIELDS);
        checkJobRequest(tenant, jobRequest, problems);
        if (!problems.isEmpty()) {
            throw FileRefs.refusal(problems);
        }
        JsonNode config = jobRequest.get("config");
        String apiKey = config instanceof ObjectNode c && c.path("api-key").isTextual()
                ? c.remove("api-key").asText()
                : null;
        return new NewSchedule(
                cron.trim(), zone, skip == null || skip.isNull() ? null : skip.booleanValue(), jobRequest, apiKey);
    }

    /** The replayed request must read its users from a file, and pass {@code POST /syncs}'s checks today. */
    private void checkJobRequest(String tenant, ObjectNode jobRequest, List<Violation> problems) {
        if (jobRequest.has("data")) {
            problems.add(new Violation("data", "a schedule reads its users from a file at every run: give dataFile"));
            return;
        }
        if (!jobRequest.has("dataFile")) {
            problems.add(new Violation("dataFile", "is required: the file (under the files root) read at every run"));
        }
        try (Submission checked =
                submissions.fromJson(tenant, new ByteArrayInputStream(json.writeValueAsBytes(jobRequest)))) {
            // valid as of now; each tick reads the files again
        } catch (InvalidRequestException e) {
            e.violations().stream()
                    .filter(v -> !problems.contains(v) && !v.field().equals("data"))
                    .forEach(problems::add);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ZoneId zone(JsonNode value, List<Violation> problems) {
        if (value == null || value.isNull()) {
            return ZoneId.of("UTC");
        }
        try {
            return ZoneId.of(value.asText(""));
        } catch (DateTimeException e) {
            problems.add(new Violation("timeZone", "must be a time zone id such as \"UTC\" or \"Europe/Paris\""));
            return null;
        }
    }

    private static String text(JsonNode root, String field, List<Violation> problems) {
        JsonNode value = root.get(field);
        if (value == null || !value.isTextual()) {
            problems.add(new Violation(field, "is required: a Quartz cron expression such as \"0 0 2 * * ?\""));
            return null;
        }
        return value.textValue();
    }
}
