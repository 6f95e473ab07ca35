package io.ciosync.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ciosync.InvalidRequestException;
import io.ciosync.InvalidRequestException.Violation;
import io.ciosync.mapping.ConfigReader;

/**
 * Reads the accepted request shapes into a {@link Submission}, naming every problem at once:
 * a JSON body {@code {"config"|"configFile", "data"|"dataFile"}} or the multipart parts {@code config} and
 * {@code data}. Inline data is streamed to a temporary file (never held in memory).
 */
@ApplicationScoped
public class SubmissionReader {

    private final ObjectMapper json;
    private final FileRefs files;
    private final SubmittedConfig configs;

    SubmissionReader(ObjectMapper json, FileRefs files, SubmittedConfig configs) {
        this.json = json;
        this.files = files;
        this.configs = configs;
    }

    /** A multipart part: an uploaded file, or a text value; its file name and content type pick the data format. */
    public record Part(Path file, String text, String fileName, String contentType) {
        public Part(Path file, String text) {
            this(file, text, null, null);
        }

        DataFormat format() {
            return DataFormat.detect(contentType, fileName);
        }
    }

    /** A JSON body of {@code tenant}, whose file references resolve in that tenant's directory. */
    public Submission fromJson(String tenant, InputStream body) {
        List<Violation> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        JsonNode config = null;
        String configField = "config";
        Path data = null;
        String dataField = "data";
        DataFormat format = DataFormat.JSON_ARRAY;
        boolean temporary = false;
        try (BoundedParser p = new BoundedParser(json.createParser(body))) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw InvalidRequestException.of(
                        "body",
                        "must be a JSON object with \"config\" (or \"configFile\") "
                                + "and \"data\" (or \"dataFile\")");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                seen.add(name); // a key given twice is a parse error (JsonLimits: strict duplicate detection)
                switch (name) {
                    case "config" -> config = SubmittedConfig.inline(p, name);
                    case "configFile" -> {
                        configField = name;
                        config = readConfigFile(tenant, name, text(p, name, problems), problems);
                    }
                    case "data" -> {
                        if (value == JsonToken.START_ARRAY) {
                            data = spool(p, name);
                            temporary = true;
                        } else {
                            problems.add(new Violation(
                                    name, "must be a JSON array of user objects (got " + describe(value) + ")"));
                            p.skipChildren();
                        }
                    }
                    case "dataFile" -> {
                        dataField = name;
                        String ref = text(p, name, problems);
                        data = ref == null ? null : resolve(tenant, name, ref, problems);
                        format = ref == null ? format : DataFormat.detect(null, ref);
                    }
                    default -> {
                        problems.add(new Violation(
                                name,
                                "is not a field of a sync request "
                                        + "(expected config or configFile, and data or dataFile)"));
                        p.skipChildren();
                    }
                }
            }
            if (p.nextToken() != null) {
                problems.add(new Violation("body", "has content after the end of the JSON object"));
            }
        } catch (JsonProcessingException e) {
            deleteQuietly(temporary ? data : null);
            throw Malformed.of("body", e);
        } catch (IOException e) {
            deleteQuietly(temporary ? data : null);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            deleteQuietly(temporary ? data : null);
            throw e;
        }
        requireOne(seen, "config", "configFile", problems);
        requireOne(seen, "data", "dataFile", problems);
        ConfigReader.Result result = configs.read(config, configField, tenant, problems);
        if (!problems.isEmpty()) {
            deleteQuietly(temporary ? data : null);
            throw FileRefs.refusal(problems);
        }
        return new Submission(result, data, dataField, temporary, format);
    }

    /** The multipart parts of {@code tenant}'s request (or the command line's files). */
    public Submission fromParts(String tenant, Part config, Part data) {
        List<Violation> problems = new ArrayList<>();
        JsonNode configTree = null;
        if (config == null) {
            problems.add(new Violation("config", "is required: a part holding the config.json"));
        } else {
            configTree = config.file() != null
                    ? configs.file("config", config.file(), problems)
                    : configs.text("config", config.text(), problems);
        }
        if (data == null) {
            problems.add(new Violation("data", "is required: a part holding the data.json array"));
        }
        ConfigReader.Result result = configs.read(configTree, "config", tenant, problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        if (data.file() != null) {
            return new Submission(result, data.file(), "data", false, data.format());
        }
        Path spooled = tempFile();
        try {
            Files.writeString(spooled, data.text());
        } catch (IOException e) {
            deleteQuietly(spooled);
            throw new UncheckedIOException(e);
        }
        return new Submission(result, spooled, "data", true, data.format());
    }

    private JsonNode readConfigFile(String tenant, String field, String ref, List<Violation> problems) {
        Path file = ref == null ? null : resolve(tenant, field, ref, problems);
        return file == null ? null : configs.file(field, file, problems);
    }

    private Path resolve(String tenant, String field, String ref, List<Violation> problems) {
        try {
            return files.resolve(tenant, field, ref);
        } catch (InvalidRequestException e) {
            SubmittedConfig.collect(e, problems);
            return null;
        }
    }

    /** Copies the inline data array to a temporary file, checking its syntax on the way. */
    private Path spool(JsonParser p, String field) throws IOException {
        Path file = tempFile();
        try (OutputStream out = Files.newOutputStream(file);
                JsonGenerator g = json.getFactory().createGenerator(out)) {
            g.copyCurrentStructureExact(p); // numbers as written: 1e999 stays a number, not "Infinity"
        } catch (JsonProcessingException e) {
            deleteQuietly(file);
            throw Malformed.of(field, e);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(file);
            throw e;
        }
        return file;
    }

    private static String text(JsonParser p, String field, List<Violation> problems) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        problems.add(new Violation(
                field, "must be a string: a path relative to the files root (got " + describe(p.currentToken()) + ")"));
        p.skipChildren();
        return null;
    }

    private static void requireOne(Set<String> seen, String inline, String file, List<Violation> problems) {
        if (seen.contains(inline) && seen.contains(file)) {
            problems.add(new Violation(inline, "give either " + inline + " or " + file + ", not both"));
        } else if (!seen.contains(inline) && !seen.contains(file)) {
            problems.add(new Violation(inline, "is required (or " + file + ")"));
        }
    }

    static String describe(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : token.asString();
        };
    }

    private static Path tempFile() {
        try {
            return Files.createTempFile("cio-sync-data-", ".json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // best effort
            }
        }
    }
}
