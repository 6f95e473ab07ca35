package io.ciosync;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.path.PathType;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The request-body schemas of Customer.io's published Track API spec, ready to validate against.
 *
 * <p>Loaded once per JVM from the classpath resource {@value #RESOURCE} (the spec is ~0.5 MB). {@code $ref}s
 * resolve within the spec document. Two local adjustments, both documented in TRACK-API.md / the brief:
 * <ul>
 *   <li>the v1 identify body schema reads {@code "type":"integer"} as {@code "number"} (decimal attribute
 *       values are legitimate);</li>
 *   <li>the v2 batch body is checked in two parts, the envelope (the body schema without {@code batch.items})
 *       and each entry (the {@code batch.items} schema), so a bad entry can be reported by its index.</li>
 * </ul>
 * Validation uses the plain JSON Schema 2020-12 dialect: {@code discriminator} and {@code format} are
 * annotations there, as OpenAPI 3.1 says they are.
 */
final class StandInSpec {

    static final String RESOURCE = "/customerio/journeys-track.openapi.json";
    static final String IDENTIFY = "PUT /api/v1/customers/{identifier}";
    static final String BATCH = "POST /api/v2/batch";

    private static final String SPEC_IRI = "https://standin.ciosync.test/journeys-track.openapi.json";
    private static final String V1_BODY =
            "/paths/~1api~1v1~1customers~1{identifier}/put/requestBody/content/application~1json/schema";
    private static final String V2_BODY = "/paths/~1api~1v2~1batch/post/requestBody/content/application~1json/schema";
    private static final String ENVELOPE = "/components/schemas/x-standin-batch-envelope";
    private static final int MAX_MESSAGES = 8;
    /** The {@code batch.items} alternatives for people, by {@code action}: to explain a failure briefly. */
    private static final Map<String, String> PERSON_ACTIONS = Map.ofEntries(
            Map.entry("identify", "identify_person"),
            Map.entry("delete", "person_delete"),
            Map.entry("event", "person_event"),
            Map.entry("screen", "person_screen"),
            Map.entry("page", "person_page"),
            Map.entry("add_relationships", "person_add_relationships"),
            Map.entry("delete_relationships", "person_delete_relationships"),
            Map.entry("add_device", "person_add_device"),
            Map.entry("delete_device", "person_delete_device"),
            Map.entry("merge", "person_merge"),
            Map.entry("suppress", "person_suppress"),
            Map.entry("unsuppress", "person_unsuppress"));

    private static volatile StandInSpec instance;

    private final Schema identifyBody;
    private final Schema batchEnvelope;
    private final Schema batchEntry;
    private final Map<String, Schema> personActions;

    private StandInSpec(JsonMapper json, JsonNode spec) {
        ObjectNode doc = (ObjectNode) spec.deepCopy();
        integerAsNumber(doc.at(V1_BODY));
        ObjectNode envelope = (ObjectNode) doc.at(V2_BODY).deepCopy();
        ((ObjectNode) envelope.path("properties").path("batch")).remove("items");
        ((ObjectNode) doc.at("/components/schemas")).set(ENVELOPE.substring(ENVELOPE.lastIndexOf('/') + 1), envelope);

        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .pathType(PathType.JSON_POINTER)
                .formatAssertionsEnabled(false)
                .build();
        String text = json.writeValueAsString(doc);
        SchemaRegistry registry = SchemaRegistry.withDialect(
                Dialects.getDraft202012(),
                builder -> builder.schemaRegistryConfig(config).schemas(Map.of(SPEC_IRI, text)));
        identifyBody = load(registry, V1_BODY);
        batchEnvelope = load(registry, ENVELOPE);
        batchEntry = load(registry, V2_BODY + "/properties/batch/items");
        personActions = PERSON_ACTIONS.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(
                        Map.Entry::getKey, action -> load(registry, "/components/schemas/" + action.getValue())));
    }

    static StandInSpec get() {
        StandInSpec spec = instance;
        if (spec == null) {
            synchronized (StandInSpec.class) {
                spec = instance;
                if (spec == null) {
                    instance = spec = new StandInSpec(JsonMapper.shared(), readResource());
                }
            }
        }
        return spec;
    }

    /** Messages for a v1 identify body; empty when it conforms. */
    List<String> checkIdentifyBody(JsonNode body) {
        return messages(identifyBody, body);
    }

    /** Messages for a v2 batch body, its entries excepted; empty when it conforms. */
    List<String> checkBatchEnvelope(JsonNode body) {
        return messages(batchEnvelope, body);
    }

    /**
     * Messages for one entry of a v2 batch; empty when it conforms. The verdict is the whole {@code batch.items}
     * schema's; for a person entry with a known {@code action} the messages are those of that action's schema
     * (the other alternatives' complaints say nothing useful).
     */
    List<String> checkBatchEntry(JsonNode entry) {
        List<String> messages = messages(batchEntry, entry);
        if (messages.isEmpty() || !"person".equals(entry.path("type").asString(""))) {
            return messages;
        }
        Schema action = personActions.get(entry.path("action").asString(""));
        List<String> focused = action == null ? List.of() : messages(action, entry);
        return focused.isEmpty() ? messages : focused;
    }

    private static List<String> messages(Schema schema, JsonNode instance) {
        List<Error> errors = schema.validate(instance);
        return errors.stream()
                .map(Error::toString)
                .distinct()
                .limit(MAX_MESSAGES)
                .toList();
    }

    private static Schema load(SchemaRegistry registry, String pointer) {
        String fragment = pointer.replace("{", "%7B").replace("}", "%7D");
        Schema schema = registry.getSchema(SchemaLocation.of(SPEC_IRI + "#" + fragment));
        schema.initializeValidators();
        return schema;
    }

    private static void integerAsNumber(JsonNode node) {
        if (node instanceof ObjectNode object) {
            JsonNode type = object.get("type");
            if (type != null && type.isString() && "integer".equals(type.stringValue())) {
                object.put("type", "number");
            } else if (type instanceof ArrayNode types) {
                for (int i = 0; i < types.size(); i++) {
                    if ("integer".equals(types.get(i).asString())) {
                        types.set(i, "number");
                    }
                }
            }
            object.properties().forEach(property -> integerAsNumber(property.getValue()));
        } else if (node instanceof ArrayNode array) {
            array.forEach(StandInSpec::integerAsNumber);
        }
    }

    private static JsonNode readResource() {
        try (InputStream in = StandInSpec.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Customer.io spec not on the classpath: " + RESOURCE);
            }
            return JsonMapper.shared().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
