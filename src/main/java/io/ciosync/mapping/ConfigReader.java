package io.ciosync.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;

import io.ciosync.InvalidRequestException;
import io.ciosync.InvalidRequestException.Violation;

/**
 * Reads a job config (original config.json format) and reports every problem at once: wrong JSON types first,
 * then Bean Validation of {@link SyncConfig}, then the rules that span fields. Unknown keys are kept as warnings.
 */
@ApplicationScoped
public class ConfigReader {

    /**
     * A config that passed, plus its warnings (keys it ignored, reserved names), the server workspace it names (null
     * when none) and the request field it came in ({@code config} or {@code configFile}), for later problems.
     */
    public record Result(SyncConfig config, List<String> warnings, String workspace, String field) {
        public Result(SyncConfig config, List<String> warnings) {
            this(config, warnings, null, "config");
        }
    }

    private static final Map<String, Predicate<JsonNode>> TYPES = Map.ofEntries(
            Map.entry("site-id", JsonNode::isTextual),
            Map.entry("api-key", JsonNode::isTextual),
            Map.entry("userId", JsonNode::isTextual),
            Map.entry("region", JsonNode::isTextual),
            Map.entry("parallelism", ConfigReader::isInt),
            Map.entry("mappings", JsonNode::isArray),
            Map.entry("workspace", JsonNode::isTextual),
            Map.entry("api", JsonNode::isTextual),
            Map.entry("rateLimit", ConfigReader::isInt),
            // the options added for reverse-ETL use (issue 7), checked like the original keys
            Map.entry("updateOnly", JsonNode::isBoolean),
            Map.entry("identifier", JsonNode::isTextual),
            Map.entry("dryRun", JsonNode::isBoolean),
            Map.entry("skipUnchanged", JsonNode::isBoolean),
            Map.entry("notify", JsonNode::isObject),
            Map.entry("duplicateEmails", JsonNode::isTextual));
    private static final Map<String, String> TYPE_NAMES = Map.ofEntries(
            Map.entry("site-id", "a string"),
            Map.entry("api-key", "a string"),
            Map.entry("userId", "a string"),
            Map.entry("region", "a string"),
            Map.entry("parallelism", "an integer"),
            Map.entry("mappings", "an array"),
            Map.entry("workspace", "a string"),
            Map.entry("api", "a string"),
            Map.entry("rateLimit", "an integer"),
            Map.entry("updateOnly", "a boolean"),
            Map.entry("identifier", "a string"),
            Map.entry("dryRun", "a boolean"),
            Map.entry("skipUnchanged", "a boolean"),
            Map.entry("notify", "an object {\"url\": ...}"),
            Map.entry("duplicateEmails", "a string"));
    private final Validator validator;
    private final Workspaces workspaces;
    private final NoticeUrlCheck notifyUrls;

    ConfigReader(Validator validator, Workspaces workspaces, NoticeUrlCheck notifyUrls) {
        this.validator = validator;
        this.workspaces = workspaces;
        this.notifyUrls = notifyUrls;
    }

    /** The config of a job of {@code tenant} (whose named workspace must allow it). */
    public Result read(JsonNode node, String where, String tenant) {
        if (node == null || !node.isObject()) {
            throw InvalidRequestException.of(where, "must be a JSON object");
        }
        List<Violation> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        node.fieldNames().forEachRemaining(name -> {
            Predicate<JsonNode> type = TYPES.get(name);
            if (type == null) {
                warnings.add("config key '" + name + "' is not used by cio-sync and was ignored");
            } else if (!node.get(name).isNull() && !type.test(node.get(name))) {
                problems.add(new Violation(
                        where + "." + name,
                        "must be " + TYPE_NAMES.get(name) + " (got " + describe(node.get(name)) + ")"));
            }
        });
        List<Violation> mappingRules = new ArrayList<>();
        List<SyncConfig.Mapping> mappings =
                ConfigMappings.read(node.get("mappings"), where + ".mappings", problems, mappingRules);
        SyncConfig.Notify notify = readNotify(node.get("notify"), where + ".notify", problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        Workspaces.Credentials credentials = workspaces.of(node, where, tenant, problems);
        SyncConfig config = new SyncConfig(
                credentials.siteId(),
                credentials.apiKey(),
                text(node, "userId"),
                node.hasNonNull("parallelism") ? node.get("parallelism").intValue() : SyncConfig.DEFAULT_PARALLELISM,
                mappings,
                node.hasNonNull("region") ? node.get("region").textValue() : SyncConfig.DEFAULT_REGION,
                node.hasNonNull("api") ? node.get("api").textValue() : SyncConfig.V2,
                node.hasNonNull("rateLimit") ? node.get("rateLimit").intValue() : null,
                flag(node, "updateOnly"),
                text(node, "identifier"),
                flag(node, "dryRun"),
                flag(node, "skipUnchanged"),
                notify,
                text(node, "duplicateEmails"));
        for (ConstraintViolation<SyncConfig> v : validator.validate(config)) {
            problems.add(
                    new Violation(where + "." + jsonPath(v.getPropertyPath().toString()), v.getMessage()));
        }
        ConfigMappings.checkTargets(mappings, where, problems, warnings);
        checkNotifyUrl(notify, where + ".notify.url", problems);
        problems.addAll(mappingRules);
        if (!problems.isEmpty()) {
            problems.sort(java.util.Comparator.comparing(Violation::field));
            throw new InvalidRequestException(problems);
        }
        return new Result(config, warnings, text(node, "workspace"), where);
    }

    /** {@code "notify": {"url": "..."}}: an object whose only key is a string {@code url}; null when absent. */
    private static SyncConfig.Notify readNotify(JsonNode notify, String where, List<Violation> problems) {
        if (notify == null || !notify.isObject()) {
            return null; // absent, null, or already named as not an object
        }
        notify.fieldNames().forEachRemaining(k -> {
            if (!k.equals("url")) {
                problems.add(new Violation(where + "." + k, "is not a notify key (the only one is \"url\")"));
            }
        });
        if (notify.hasNonNull("url") && !notify.get("url").isTextual()) {
            problems.add(new Violation(where + ".url", "must be a string (got " + describe(notify.get("url")) + ")"));
        }
        return new SyncConfig.Notify(text(notify, "url"));
    }

    /** The server's allow-list, once the URL is there at all (a missing or oversized one is named already). */
    private void checkNotifyUrl(SyncConfig.Notify notify, String field, List<Violation> problems) {
        if (notify == null || problems.stream().anyMatch(p -> p.field().equals(field))) {
            return;
        }
        notifyUrls.refusal(notify.url()).ifPresent(reason -> problems.add(new Violation(field, reason)));
    }

    private static boolean isInt(JsonNode n) {
        return n.isIntegralNumber() && n.canConvertToInt();
    }

    private static String jsonPath(String beanPath) {
        return beanPath.replace("siteId", "site-id")
                .replace("apiKey", "api-key")
                .replaceFirst("^notice\\.", "notify.")
                .replaceAll("\\.<list element>", "")
                .replaceAll("<list element>", "");
    }

    private static Boolean flag(JsonNode node, String key) {
        JsonNode v = node.get(key);
        return v != null && v.isBoolean() ? v.booleanValue() : null;
    }

    static String text(JsonNode node, String key) {
        JsonNode v = node.get(key);
        return v != null && v.isTextual() ? v.textValue() : null;
    }

    static String describe(JsonNode n) {
        JsonNodeType t = n.getNodeType();
        return switch (t) {
            case STRING -> "a string";
            case NUMBER ->
                n.isIntegralNumber()
                        ? (n.canConvertToInt() ? "an integer" : "an integer out of range")
                        : "a decimal number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> t.name().toLowerCase();
        };
    }
}
