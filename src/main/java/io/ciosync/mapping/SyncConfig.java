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

/** A job's config, in the original script's config.json format (plus the optional {@code region}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SyncConfig(
        @JsonProperty("site-id") @NotBlank @Size(max = MAX_CREDENTIAL_CHARS) String siteId,
        @JsonProperty("api-key") @NotBlank @Size(max = MAX_CREDENTIAL_CHARS) String apiKey,
        @NotBlank String userId,
        @NotNull @Min(1) @Max(200) Integer parallelism,
        @NotEmpty List<@NotNull @Valid Mapping> mappings,
        @NotNull @Pattern(regexp = "us|eu", message = "must be \"us\" or \"eu\"") String region) {

    public static final int DEFAULT_PARALLELISM = 25;
    public static final String DEFAULT_REGION = "us";
    /** Customer.io's site ids and API keys have 20 characters; far longer ones are not credentials. */
    public static final int MAX_CREDENTIAL_CHARS = 200;

    /** One attribute: the record's field {@code from} is sent as {@code to}. */
    public record Mapping(@NotBlank String from, @NotBlank String to) {
    }

    /** The same config with the API key removed, as stored in plain text and shown to clients. */
    public SyncConfig withoutApiKey() {
        return new SyncConfig(siteId, null, userId, parallelism, mappings, region);
    }

    public SyncConfig withApiKey(String key) {
        return new SyncConfig(siteId, key, userId, parallelism, mappings, region);
    }
}
