package io.ciosync;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the Track API answers, request by request: routing, auth, Customer.io's limits, the spec check and
 * storing. Faults, latency and recording are {@link CustomerIoStandIn}'s business.
 */
final class StandInTrackApi {

    static final int MAX_IDENTIFIER_BYTES = 150;
    static final int MAX_ATTRIBUTES = 300;
    static final int MAX_NAME_BYTES = 150;
    static final int MAX_VALUE_BYTES = 1000;
    /** A v2 body must be smaller than this. */
    static final int MAX_BATCH_BYTES = 500 * 1000;
    /** A v2 entry may be this big, as sent. */
    static final int MAX_ENTRY_BYTES = 32 * 1000;

    private static final String CUSTOMERS = "/api/v1/customers/";
    /** EU workspaces are numbered from 1001, so no environment_id means two workspaces across regions. */
    private static final int EU_ENVIRONMENTS = 1000;

    private static final Set<String> PERSON_IDENTIFIERS = Set.of("id", "email", "phone", "cio_id");

    enum Operation {
        IDENTIFY,
        BATCH,
        REGION,
        UNKNOWN
    }

    /** A routed request; for IDENTIFY, {@code identifier} is the decoded path segment, null if undecodable. */
    record Route(Operation operation, String identifier) {

        static Route of(String method, String rawPath) {
            if ("PUT".equals(method)
                    && rawPath.startsWith(CUSTOMERS)
                    && rawPath.length() > CUSTOMERS.length()
                    && rawPath.indexOf('/', CUSTOMERS.length()) < 0) {
                return new Route(Operation.IDENTIFY, StandInWire.decodeSegment(rawPath.substring(CUSTOMERS.length())));
            }
            if ("POST".equals(method) && "/api/v2/batch".equals(rawPath)) {
                return new Route(Operation.BATCH, null);
            }
            if ("GET".equals(method) && "/api/v1/accounts/region".equals(rawPath)) {
                return new Route(Operation.REGION, null);
            }
            return new Route(Operation.UNKNOWN, null);
        }
    }

    /** An answer: status, content type (null without a body), body, extra headers. */
    record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {

        static Reply json(int status, JsonNode body) {
            return new Reply(status, "application/json", JsonMapper.shared().writeValueAsBytes(body), Map.of());
        }

        static Reply text(int status, String contentType, String body) {
            return new Reply(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
        }
    }

    private final JsonMapper json = JsonMapper.shared();
    private final StandInSpec spec = StandInSpec.get();
    private final StandInPeople people;
    private final Queue<String> specViolations;
    private final String region;
    private final Map<String, Integer> credentials = new ConcurrentHashMap<>();
    /** Person ids whose batch entry is rejected on its own (207), with the message. */
    private final Map<String, String> rejectedEntries = new ConcurrentHashMap<>();
    /** Person ids that make a whole batch holding them rejected (400), with the message. */
    private final Map<String, String> rejectedBatches = new ConcurrentHashMap<>();

    private final AtomicInteger environments = new AtomicInteger();
    /** Identifies and batch entries acknowledged unchecked ({@link #countOnly}) since the last reset. */
    private final AtomicLong acknowledged = new AtomicLong();

    private volatile String baseUrl = "";
    private volatile boolean countOnly;

    StandInTrackApi(String region, StandInPeople people, Queue<String> specViolations) {
        this.region = region;
        this.people = people;
        this.specViolations = specViolations;
        resetCredentials();
    }

    void baseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /**
     * For throughput benchmarks: identifies and batches that pass the credentials check are counted and answered
     * 200 without being parsed further, validated or stored (a validating stand-in costs more CPU than the client it
     * serves).
     */
    void countOnly(boolean countOnly) {
        this.countOnly = countOnly;
    }

    /** Identifies plus batch entries acknowledged in {@link #countOnly} mode since the last {@link #resetCount()}. */
    long acknowledged() {
        return acknowledged.get();
    }

    void resetCount() {
        acknowledged.set(0);
    }

    void resetCredentials() {
        credentials.clear();
        environments.set("eu".equalsIgnoreCase(region) ? EU_ENVIRONMENTS : 0);
        acceptCredentials("your_site_id", "your_api_key");
        acceptCredentials("site", "key");
    }

    void rejectEntry(String personId, String message) {
        rejectedEntries.put(personId, message);
    }

    void rejectBatchesHolding(String personId, String message) {
        rejectedBatches.put(personId, message);
    }

    void clearRejections() {
        rejectedEntries.clear();
        rejectedBatches.clear();
    }

    /** Accepts a site id / API key pair as a workspace of its own; returns its environment id. */
    int acceptCredentials(String siteId, String apiKey) {
        return credentials.computeIfAbsent(siteId + '\n' + apiKey, k -> environments.incrementAndGet());
    }

    Reply handle(Route route, String authorization, String contentType, byte[] body) {
        if (route.operation() == Operation.UNKNOWN) {
            return Reply.text(404, "text/plain; charset=utf-8", "404 page not found\n");
        }
        String userPass = StandInWire.basicUserPass(authorization);
        Integer environment = userPass == null ? null : credentials.get(userPass.replaceFirst(":", "\n"));
        if (environment == null) {
            return route.operation() == Operation.BATCH
                    ? batchErrors(401, List.of(error(null, "unauthorized", "", "Unauthorized request")))
                    : v1Error(401, "Unauthorized request. Make sure that you provided the right credentials.");
        }
        if (countOnly && route.operation() != Operation.REGION) {
            acknowledged.addAndGet(route.operation() == Operation.BATCH ? batchEntries(body) : 1);
            return Reply.json(200, json.createObjectNode());
        }
        return switch (route.operation()) {
            case REGION ->
                Reply.json(
                        200,
                        json.createObjectNode()
                                .put("url", baseUrl)
                                .put("region", region)
                                .put("environment_id", environment));
            case IDENTIFY ->
                StandInWire.isJson(contentType) ? identify(route.identifier(), body) : unsupportedMediaType();
            case BATCH -> StandInWire.isJson(contentType) ? batch(body) : unsupportedMediaType();
            case UNKNOWN -> throw new IllegalStateException();
        };
    }

    private Reply identify(String identifier, byte[] body) {
        if (identifier == null) {
            return v1Errors(List.of("identifier: invalid percent-encoding in the path"));
        }
        String invalidIdentifier = checkIdentifier(identifier);
        if (invalidIdentifier != null) {
            return v1Errors(List.of(invalidIdentifier));
        }
        JsonNode attributes;
        try {
            attributes = json.readTree(body);
        } catch (JacksonException e) {
            return v1Errors(violation(StandInSpec.IDENTIFY, List.of("body is not JSON: " + e.getOriginalMessage())));
        }
        List<String> problems = spec.checkIdentifyBody(attributes);
        if (!problems.isEmpty()) {
            return v1Errors(violation(StandInSpec.IDENTIFY, problems));
        }
        List<String> overLimit = checkAttributes(attributes);
        if (!overLimit.isEmpty()) {
            return v1Errors(overLimit);
        }
        ObjectNode stored = ((ObjectNode) attributes).deepCopy();
        boolean updateOnly = stored.path("_update").asBoolean(false);
        stored.remove(List.of("_update", "_timestamp"));
        people.merge(identifier, stored, updateOnly);
        return Reply.json(200, json.createObjectNode());
    }

    private Reply batch(byte[] body) {
        if (body.length >= MAX_BATCH_BYTES) {
            return batchErrors(
                    413,
                    List.of(error(
                            null,
                            "too_large",
                            "",
                            "request body is " + body.length + " bytes; it must be smaller than " + MAX_BATCH_BYTES)));
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            String message = "body is not JSON: " + e.getOriginalMessage();
            violation(StandInSpec.BATCH, List.of(message));
            return batchErrors(400, List.of(error(null, "invalid", "", message)));
        }
        List<String> problems = spec.checkBatchEnvelope(root);
        if (!problems.isEmpty()) {
            violation(StandInSpec.BATCH, problems);
            return batchErrors(400, List.of(error(null, "invalid", "batch", String.join("; ", problems))));
        }
        JsonNode entries = root.path("batch");
        if (!entries.isArray()) {
            return batchErrors(400, List.of(error(null, "required", "batch", "batch is required")));
        }
        for (JsonNode entry : entries) {
            String poison =
                    rejectedBatches.get(entry.path("identifiers").path("id").asString(""));
            if (poison != null) {
                return batchErrors(400, List.of(error(null, "invalid", "batch", poison)));
            }
        }
        List<Integer> sizes = StandInWire.entrySizes(body);
        List<ObjectNode> errors = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            ObjectNode entryError = entry(i, entries.get(i), sizes.get(i));
            if (entryError != null) {
                errors.add(entryError);
            }
        }
        return errors.isEmpty() ? Reply.json(200, json.createObjectNode()) : batchErrors(207, errors);
    }

    /** The number of objects in a batch body's {@code batch} array (0 if the body is not such JSON); nothing else read. */
    private long batchEntries(byte[] body) {
        long entries = 0;
        try (JsonParser p = json.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return 0;
            }
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                boolean batch = "batch".equals(p.currentName());
                if (p.nextToken() == JsonToken.START_ARRAY && batch) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        entries++;
                        p.skipChildren();
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (JacksonException e) {
            // counted as far as it was readable
        }
        return entries;
    }

    /** Stores one batch entry if it is a valid person identify; returns its error, or null if accepted. */
    private ObjectNode entry(int index, JsonNode entry, int size) {
        if (size > MAX_ENTRY_BYTES) {
            return error(index, "too_large", "", "entry is " + size + " bytes; the limit is " + MAX_ENTRY_BYTES);
        }
        List<String> problems = spec.checkBatchEntry(entry);
        if (!problems.isEmpty()) {
            violation(
                    StandInSpec.BATCH,
                    problems.stream().map(p -> "batch/" + index + p).toList());
            String first = problems.getFirst();
            int colon = first.indexOf(": ");
            String field = colon > 0 ? first.substring(1, colon).replace('/', '.') : "";
            return error(index, "invalid", field, String.join("; ", problems));
        }
        if (!"person".equals(entry.path("type").asString(""))
                || !"identify".equals(entry.path("action").asString(""))) {
            return null; // valid, and nothing the stand-in keeps
        }
        JsonNode identifiers = entry.path("identifiers");
        String rejected = rejectedEntries.get(identifiers.path("id").asString(""));
        if (rejected != null) {
            return error(index, "invalid", "attributes", rejected);
        }
        if (identifiers.size() != 1
                || !PERSON_IDENTIFIERS.contains(
                        identifiers.propertyNames().iterator().next())) {
            return error(
                    index, "invalid", "identifiers", "identifiers must hold exactly one of id, email, phone, cio_id");
        }
        var identifier = identifiers.properties().iterator().next();
        String value = identifier.getValue().asString();
        String invalid = checkIdentifier(value);
        if (invalid != null) {
            return error(index, "invalid", "identifiers." + identifier.getKey(), invalid);
        }
        ObjectNode attributes = entry.path("attributes") instanceof ObjectNode given
                ? given // the request's own tree
                : json.createObjectNode();
        List<String> overLimit = checkAttributes(attributes);
        if (!overLimit.isEmpty()) {
            return error(index, "invalid", "attributes", String.join("; ", overLimit));
        }
        boolean updateOnly = attributes.path("_update").asBoolean(false);
        attributes.remove("_update");
        people.merge("cio_id".equals(identifier.getKey()) ? "cio_" + value : value, attributes, updateOnly);
        return null;
    }

    private static String checkIdentifier(String identifier) {
        if (identifier.isBlank()) {
            return "identifier: must not be blank";
        }
        int bytes = StandInWire.utf8Length(identifier);
        return bytes > MAX_IDENTIFIER_BYTES
                ? "identifier: " + bytes + " bytes; the limit is " + MAX_IDENTIFIER_BYTES
                : null;
    }

    /** Customer.io's attribute limits: count, name bytes, value bytes (strings as UTF-8, others as JSON). */
    private List<String> checkAttributes(JsonNode attributes) {
        List<String> problems = new ArrayList<>();
        if (attributes.size() > MAX_ATTRIBUTES) {
            problems.add("too many attributes: " + attributes.size() + "; the limit is " + MAX_ATTRIBUTES);
        }
        for (var attribute : attributes.properties()) {
            String name = attribute.getKey();
            int nameBytes = StandInWire.utf8Length(name);
            if (nameBytes > MAX_NAME_BYTES) {
                problems.add("attribute name " + abbreviate(name) + ": " + nameBytes + " bytes; the limit is "
                        + MAX_NAME_BYTES);
            }
            JsonNode value = attribute.getValue();
            // a number, boolean or null is ASCII as written: only a container needs writing out to be measured
            int valueBytes = value.isString()
                    ? StandInWire.utf8Length(value.stringValue())
                    : value.isContainer()
                            ? json.writeValueAsBytes(value).length
                            : value.asString().length();
            if (valueBytes > MAX_VALUE_BYTES) {
                problems.add("attribute " + abbreviate(name) + ": value of " + valueBytes + " bytes; the limit is "
                        + MAX_VALUE_BYTES);
            }
        }
        return problems;
    }

    private List<String> violation(String operation, List<String> problems) {
        specViolations.add(operation + ": " + String.join("; ", problems));
        return problems;
    }

    private Reply v1Errors(List<String> errors) {
        ObjectNode body = json.createObjectNode();
        errors.forEach(body.putObject("meta").putArray("errors")::add);
        return Reply.json(400, body);
    }

    private Reply v1Error(int status, String message) {
        ObjectNode body = json.createObjectNode();
        body.putObject("meta").put("error", message);
        return Reply.json(status, body);
    }

    private Reply batchErrors(int status, List<ObjectNode> errors) {
        ObjectNode body = json.createObjectNode();
        body.putArray("errors").addAll(errors);
        return Reply.json(status, body);
    }

    private ObjectNode error(Integer batchIndex, String reason, String field, String message) {
        ObjectNode error = json.createObjectNode();
        if (batchIndex != null) {
            error.put("batch_index", batchIndex);
        }
        return error.put("reason", reason).put("field", field).put("message", message);
    }

    private Reply unsupportedMediaType() {
        return v1Error(415, "Content-Type must be application/json");
    }

    private static String abbreviate(String name) {
        return name.length() <= 40 ? name : name.substring(0, 40) + "…";
    }
}
