package io.ciosync.mapping;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A job's config, in the original script's config.json format plus optional keys: {@code region}, {@code api}
 * ({@code "v2"}, the default: users packed into {@code POST /api/v2/batch} requests; {@code "v1"}: one
 * {@code PUT /api/v1/customers/{id}} per user), {@code rateLimit} (requests/s this job may send, below the
 * workspace's budget), {@code notify} (where a completion notice goes) and {@code duplicateEmails} ({@code "skip"},
 * the default: a user whose {@code email} an earlier user of the job holds is skipped; {@code "send"}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SyncConfig(
        @JsonProperty("site-id") @NotBlank @Size(max = MAX_CREDENTIAL_CHARS)
        String siteId,

        @JsonProperty("api-key") @NotBlank @Size(max = MAX_CREDENTIAL_CHARS)
        String apiKey,

        @NotBlank String userId,
        @NotNull @Min(1) @Max(200) Integer parallelism,
        @NotEmpty List<@NotNull @Valid Mapping> mappings,

        @NotNull @Pattern(regexp = "us|eu", message = "must be \"us\" or \"eu\"")
        String region,

        @Pattern(regexp = "v1|v2", message = "must be \"v1\" (identify per user) or \"v2\" (batch)")
        String api,

        @Min(1) Integer rateLimit,
        Boolean updateOnly,

        @Pattern(regexp = "id|email|cio_id", message = "must be \"id\", \"email\" or \"cio_id\"")
        String identifier,

        Boolean dryRun,
        Boolean skipUnchanged,
        @JsonProperty("notify") @Valid Notify notice,

        @Pattern(regexp = "skip|send", message = "must be \"skip\" (default) or \"send\"")
        String duplicateEmails) {

    public static final int DEFAULT_PARALLELISM = 25;
    public static final String DEFAULT_REGION = "us";
    /** Customer.io's site ids and API keys have 20 characters; far longer ones are not credentials. */
    public static final int MAX_CREDENTIAL_CHARS = 200;

    public static final String V1 = "v1";
    public static final String V2 = "v2";
    /** Longest {@code notify.url} (the column that keeps it is as wide). */
    public static final int MAX_NOTIFY_URL_CHARS = 2000;

    /** The original config's keys only; every later option at its default. */
    public SyncConfig(
            String siteId, String apiKey, String userId, Integer parallelism, List<Mapping> mappings, String region) {
        this(siteId, apiKey, userId, parallelism, mappings, region, null, null, null, null, null, null, null, null);
    }

    /** The original config's keys plus {@code api} and {@code rateLimit}; the ETL options at their defaults. */
    public SyncConfig(
            String siteId,
            String apiKey,
            String userId,
            Integer parallelism,
            List<Mapping> mappings,
            String region,
            String api,
            Integer rateLimit) {
        this(siteId, apiKey, userId, parallelism, mappings, region, api, rateLimit, null, null, null, null, null, null);
    }

    /**
     * Which identifier {@code userId} holds: {@code id} (default), {@code email} or {@code cio_id}. v1 sends it as
     * the path ({@link Identifier#v1Path}); a v2 batch sender maps it to {@code identifiers}
     * ({@link Identifier#v2Key}, {@link Identifier#v2Value}).
     */
    public Identifier identifierKind() {
        return identifier == null ? Identifier.ID : Identifier.of(identifier).orElseThrow();
    }

    /** {@code "dryRun": true}: users are mapped and checked, the first ones shown, and nothing is sent. */
    public boolean dryRunOnly() {
        return Boolean.TRUE.equals(dryRun);
    }

    /** {@code "skipUnchanged": true}: users whose payload Customer.io already accepted are not sent again. */
    public boolean skipsUnchanged() {
        return Boolean.TRUE.equals(skipUnchanged);
    }

    /**
     * Unless {@code "duplicateEmails": "send"}: a user whose {@code email} (trimmed, case-insensitive) an earlier
     * user of the job holds is skipped, since Customer.io would answer 200 and not apply it.
     */
    public boolean skipsDuplicateEmails() {
        return !"send".equals(duplicateEmails);
    }

    /** {@code "updateOnly": true}: every payload carries {@code _update: true}, so no person is ever created. */
    public boolean updatesOnly() {
        return Boolean.TRUE.equals(updateOnly);
    }

    /**
     * One attribute sent as {@code to}: the record's field or nested path {@code from}, or the constant
     * {@code value}; optionally converted to {@code type} ({@code string}, {@code number}, {@code boolean},
     * {@code timestamp}); {@code nulls} is {@code skip} (default: a null is not sent) or {@code send}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Mapping(String from, @NotBlank String to, JsonNode value, String type, String nulls) {

        public Mapping(String from, String to) {
            this(from, to, null, null, null);
        }

        /** Whether a null value is sent (as an empty string, which clears the attribute) rather than left out. */
        public boolean sendsNulls() {
            return "send".equals(nulls);
        }
    }

    /** Whether users travel in v2 batches (jobs stored before {@code api} existed read as the default, v2). */
    public boolean batch() {
        return !V1.equals(api);
    }

    /** This config as stored in plain text and shown to clients: without the API key, with the workspace named. */
    public String toStored(ObjectMapper json, String workspace) throws JsonProcessingException {
        ObjectNode stored = json.valueToTree(withoutApiKey());
        if (workspace != null) {
            stored.put("workspace", workspace);
        }
        return json.writeValueAsString(stored);
    }

    /** The config of job {@code jobId} as stored ({@link #withoutApiKey}, written from a validated config). */
    public static SyncConfig stored(ObjectMapper json, String jobId, String configJson) {
        try {
            return json.readValue(configJson, SyncConfig.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stored config of job " + jobId + " cannot be read", e);
        }
    }

    /** The same config with the API key removed, as stored in plain text and shown to clients. */
    public SyncConfig withoutApiKey() {
        return withApiKey(null);
    }

    public SyncConfig withApiKey(String key) {
        return new SyncConfig(
                siteId,
                key,
                userId,
                parallelism,
                mappings,
                region,
                api,
                rateLimit,
                updateOnly,
                identifier,
                dryRun,
                skipUnchanged,
                notice,
                duplicateEmails);
    }

    /**
     * {@code "notify": {"url": "https://..."}}: once the job has ended, its summary is POSTed there (the URL must be
     * under one of the server's {@code cio-sync.notify.allowed-urls}; see {@code io.ciosync.notify}).
     */
    public record Notify(
            @NotBlank @Size(max = MAX_NOTIFY_URL_CHARS) String url) {}
}
