package io.ciosync.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ciosync.InvalidRequestException;
import io.ciosync.InvalidRequestException.Violation;
import io.ciosync.mapping.ConfigReader;

/**
 * The job config of a submission, however it came (inline in the JSON body, a referenced file, a multipart file or
 * text): bounded to {@link #MAX_CONFIG_BYTES}, parsed and validated, each 400 problem added to the request's others,
 * a 413 ending the request at once.
 */
@ApplicationScoped
class SubmittedConfig {

    /** Largest job config: far more than 300 mappings need, and small enough to hold and store whole. */
    static final int MAX_CONFIG_BYTES = 64 * 1024;

    private static final String CONFIG_LIMIT = "the limit of a job config";

    private final ObjectMapper json;
    private final ConfigReader configs;

    SubmittedConfig(ObjectMapper json, ConfigReader configs) {
        this.json = json;
        this.configs = configs;
    }

    /** The config read and validated for {@code tenant}; null (its problems added) if it is missing or wrong. */
    ConfigReader.Result read(JsonNode config, String field, String tenant, List<Violation> problems) {
        if (config == null) {
            return null;
        }
        try {
            return configs.read(config, field, tenant);
        } catch (InvalidRequestException e) {
            problems.addAll(e.violations());
            return null;
        }
    }

    /** The inline config at the parser's current token; a syntax error or limit names {@code field}. */
    static JsonNode inline(BoundedParser p, String field) throws IOException {
        try {
            p.limitNext(MAX_CONFIG_BYTES, field, CONFIG_LIMIT);
            return p.readValueAsTree();
        } catch (JsonProcessingException e) {
            throw Malformed.of(field, e);
        } finally {
            p.unlimited();
        }
    }

    /** A config file: no larger than a config may be, then parsed whole. */
    JsonNode file(String field, Path file, List<Violation> problems) {
        try {
            if (Files.size(file) > MAX_CONFIG_BYTES) {
                throw tooLarge(field);
            }
            return json.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            collect(Malformed.of(field, e), problems);
            return null;
        } catch (IOException e) {
            problems.add(new Violation(field, "cannot be read"));
            return null;
        }
    }

    /** A config given as text (a multipart value). */
    JsonNode text(String field, String text, List<Violation> problems) {
        if (text.length() > MAX_CONFIG_BYTES) {
            throw tooLarge(field);
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            collect(Malformed.of(field, e), problems);
            return null;
        }
    }

    /**
     * A 400 problem, or a file not found (404), joins the others, to be reported together; anything else (413) ends
     * the request now.
     */
    static void collect(InvalidRequestException e, List<Violation> problems) {
        if (e.status() != 400 && e.status() != 404) {
            throw e;
        }
        problems.addAll(e.violations());
    }

    private static InvalidRequestException tooLarge(String field) {
        return new InvalidRequestException(
                413,
                List.of(new Violation(field, "is larger than " + MAX_CONFIG_BYTES + " bytes (" + CONFIG_LIMIT + ")")));
    }
}
