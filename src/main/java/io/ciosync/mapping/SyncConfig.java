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

/**
 * A job's config, in the original script's config.json format plus optional keys: {@code region}, {@code api}
 * ({@code "v2"}, the default: users packed into {@code POST /api/v2/batch} requests; {@code "v1"}: one
 * {@code PUT /api/v1/customers/{id}} per user) and {@code rateLimit} (requests/s this job may send, below the
 * workspace's budget).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SyncConfig(
        @JsonProperty("site-id") @NotBlank @Size(max = MAX_CREDENTIAL_CHARS) String siteId,
        @JsonProperty("api-key") @NotBlank @Size(max = MAX_CREDENTIAL_CHARS) String apiKey,
        @NotBlank String userId,
        @NotNull @Min(1) @Max(200) Integer parallelism,
        @NotEmpty List<@NotNull @Valid Mapping> mappings,
        @NotNull @Pattern(regexp = "us|eu", message = "must be \"us\" or \"eu\"") String region,
        @Pattern(regexp = "v1|v2", message = "must be \"v1\" (identify per user) or \"v2\" (batch)") String api,
        @Min(1) Integer rateLimit) {

    public static final int DEFAULT_PARALLELISM = 25;
    public static final String DEFAULT_REGION = "us";
    /** Customer.io's site ids and API keys have 20 characters; far longer ones are not credentials. */
    public static final int MAX_CREDENTIAL_CHARS = 200;
    public static final String V1 = "v1";
    public static final String V2 = "v2";

    /** One attribute: the record's field {@code from} is sent as {@code to}. */
    public record Mapping(@NotBlank String from, @NotBlank String to) {
    }

    /** Whether users travel in v2 batches (jobs stored before {@code api} existed read as the default, v2). */
    public boolean batch() {
        return !V1.equals(api);
    }

    /** The same config with the API key removed, as stored in plain text and shown to clients. */
    public SyncConfig withoutApiKey() {
        return new SyncConfig(siteId, null, userId, parallelism, mappings, region, api, rateLimit);
    }

    public SyncConfig withApiKey(String key) {
        return new SyncConfig(siteId, key, userId, parallelism, mappings, region, api, rateLimit);
    }
}
