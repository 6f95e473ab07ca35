package io.ciosync.mapping;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/** A job's config, in the original script's config.json format (plus the optional {@code region}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SyncConfig(
        @JsonProperty("site-id") @NotBlank String siteId,
        @JsonProperty("api-key") @NotBlank String apiKey,
        @NotBlank String userId,
        @NotNull @Min(1) @Max(200) Integer parallelism,
        @NotEmpty List<@NotNull @Valid Mapping> mappings,
        @NotNull @Pattern(regexp = "us|eu", message = "must be \"us\" or \"eu\"") String region) {

    public static final int DEFAULT_PARALLELISM = 25;
    public static final String DEFAULT_REGION = "us";

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

    /** The same config with the API key removed, as stored in plain text and shown to clients. */
    public SyncConfig withoutApiKey() {
        return new SyncConfig(siteId, null, userId, parallelism, mappings, region);
    }

    public SyncConfig withApiKey(String key) {
        return new SyncConfig(siteId, key, userId, parallelism, mappings, region);
    }
}
