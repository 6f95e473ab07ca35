package io.ciosync;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.path.PathType;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI document a running service serves at {@code /q/openapi}, as a contract one exchange is checked
 * against: the operation (path and method) is documented (a path that is no operation may only be refused with
 * 401, 404 or 405), and so is every query parameter; a request the service
 * accepted (2xx) has a declared content type and a JSON body that fits its schema; the response's status is
 * declared, and so is its content type, and a JSON body fits its schema. Objects are checked strictly: a field the
 * document does not declare is a violation (the served document itself stays open to additions).
 */
final class OpenApiContract {

    private static final Map<String, OpenApiContract> SERVED = new ConcurrentHashMap<>();
    private static final JsonMapper JSON = JsonMapper.shared();

    private final String iri;
    private final JsonNode doc;
    private final SchemaRegistry registry;
    private final List<String> paths;

    private OpenApiContract(String iri, JsonNode served) {
        this.iri = iri;
        ObjectNode strict = (ObjectNode) served.deepCopy();
        closeObjects(strict);
        this.doc = strict;
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .pathType(PathType.JSON_POINTER)
                .formatAssertionsEnabled(false)
                .build();
        String text = JSON.writeValueAsString(strict);
        this.registry = SchemaRegistry.withDialect(
                Dialects.getDraft202012(),
                builder -> builder.schemaRegistryConfig(config).schemas(Map.of(iri, text)));
        List<String> templates = new ArrayList<>();
        strict.path("paths").propertyNames().forEach(templates::add);
        templates.sort(Comparator.comparingLong(
                (String p) -> p.chars().filter(c -> c == '{').count()));
        this.paths = List.copyOf(templates);
    }

    /** The document served by the service at {@code origin} (scheme, host and port), fetched once. */
    static OpenApiContract servedBy(String origin) {
        return SERVED.computeIfAbsent(origin, o -> new OpenApiContract(o + "/q/openapi", fetch(o + "/q/openapi")));
    }

    /** One exchange as the test saw it; bodies are null when empty. */
    record Exchange(
            String method,
            String path,
            List<String> queryNames,
            String requestType,
            String requestBody,
            int status,
            String responseType,
            String responseBody) {}

    /** What in the exchange the document does not describe; empty when it all conforms. */
    List<String> violations(Exchange x) {
        String what = x.method() + " " + x.path() + " → " + x.status();
        Optional<String> template =
                paths.stream().filter(t -> matches(t, x.path())).findFirst();
        if (template.isEmpty()) { // refusing a path that is no operation (401 before 404) is what it should do
            return Set.of(401, 404, 405).contains(x.status())
                    ? List.of()
                    : List.of(what + ": the path is not documented");
        }
        String opPointer = "/paths/" + escape(template.get()) + "/" + x.method().toLowerCase();
        JsonNode op = doc.at(opPointer);
        if (op.isMissingNode()) {
            return List.of(what + ": the method is not documented for " + template.get());
        }
        List<String> problems = new ArrayList<>();
        for (String name : x.queryNames()) {
            boolean declared = false;
            for (JsonNode p : op.path("parameters")) {
                declared |= "query".equals(p.path("in").asString())
                        && name.equals(p.path("name").asString());
            }
            if (!declared) {
                problems.add(what + ": query parameter '" + name + "' is not documented");
            }
        }
        if (x.status() / 100 == 2 && x.requestBody() != null) {
            checkBody(
                    problems, what + ": request", opPointer + "/requestBody/content", x.requestType(), x.requestBody());
        }
        JsonNode responses = op.path("responses");
        String status = String.valueOf(x.status());
        String declared = responses.has(status)
                ? status
                : responses.has(status.charAt(0) + "XX")
                        ? status.charAt(0) + "XX"
                        : responses.has("default") ? "default" : null;
        if (declared == null) {
            problems.add(what + ": status " + status + " is not documented (documented: "
                    + String.join(", ", responses.propertyNames()) + ")");
        } else if (x.responseBody() != null) {
            checkBody(
                    problems,
                    what + ": response",
                    opPointer + "/responses/" + declared + "/content",
                    x.responseType(),
                    x.responseBody());
        }
        return problems;
    }

    private void checkBody(List<String> problems, String what, String contentPointer, String contentType, String body) {
        String mediaType =
                contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase();
        JsonNode content = doc.at(contentPointer);
        if (!content.has(mediaType)) {
            problems.add(what + " content type '" + mediaType + "' is not documented (documented: "
                    + (content.isMissingNode() ? "none" : String.join(", ", content.propertyNames())) + ")");
            return;
        }
        boolean json = mediaType.equals("application/json") || mediaType.endsWith("+json"); // not x-ndjson
        if (!json || !content.path(mediaType).has("schema")) {
            return;
        }
        String pointer = contentPointer + "/" + escape(mediaType) + "/schema";
        Schema schema = registry.getSchema(
                SchemaLocation.of(iri + "#" + pointer.replace("{", "%7B").replace("}", "%7D")));
        List<Error> errors = schema.validate(JSON.readTree(body));
        errors.stream().map(Error::toString).distinct().limit(8).forEach(e -> problems.add(what + " body: " + e));
    }

    /** Every object schema that lists its properties admits no others (unless it says otherwise). */
    private static void closeObjects(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.path("properties").isObject()
                    && !object.has("additionalProperties")
                    && !object.path("properties").isEmpty()) {
                object.put("additionalProperties", false);
            }
            object.properties().forEach(property -> closeObjects(property.getValue()));
        } else if (node != null && node.isArray()) {
            node.forEach(OpenApiContract::closeObjects);
        }
    }

    private static boolean matches(String template, String path) {
        String[] t = template.split("/", -1);
        String[] p = path.split("/", -1);
        if (t.length != p.length) {
            return false;
        }
        for (int i = 0; i < t.length; i++) {
            boolean variable = t[i].startsWith("{") && t[i].endsWith("}") && !p[i].isEmpty();
            if (!variable && !t[i].equals(URLDecoder.decode(p[i], StandardCharsets.UTF_8))) {
                return false;
            }
        }
        return true;
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static JsonNode fetch(String url) {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create(url + "?format=json")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + response.statusCode());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the OpenAPI document at " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
