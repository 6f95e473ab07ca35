package io.ciosync.ops;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

/**
 * Reads Kubernetes YAML (several documents per file allowed) into fabric8's typed models, as strictly as
 * {@code kubectl apply} (server-side strict field validation) would: a misspelled or misplaced field fails.
 *
 * <p>fabric8's model classes collect unknown fields in an {@code additionalProperties} map through
 * {@code @JsonAnySetter}, so {@code FAIL_ON_UNKNOWN_PROPERTIES} alone never fires on them. The mapper
 * here ignores those any-setters (and any {@code ignoreUnknown}) so that unknown fields do fail, and it
 * refuses scalar coercions that Kubernetes refuses too (a number where a string belongs, e.g. an
 * unquoted annotation or ConfigMap value).
 */
final class ManifestLoader {

    /** The kinds that k8s/ may contain; a new kind there needs its model class here. */
    static final List<Class<? extends HasMetadata>> KINDS = List.of(
            Deployment.class,
            Service.class,
            ConfigMap.class,
            Secret.class,
            PodDisruptionBudget.class,
            ServiceMonitor.class,
            PrometheusRule.class);

    /** One document of one file, read into its typed model. */
    record Manifest(Path file, int document, HasMetadata resource) {
        @Override
        public String toString() {
            return file.getFileName() + "#" + document + " " + resource.getKind() + "/"
                    + resource.getMetadata().getName();
        }
    }

    private static final Map<String, Class<? extends HasMetadata>> BY_API_VERSION_AND_KIND = new LinkedHashMap<>();

    static {
        for (Class<? extends HasMetadata> type : KINDS) {
            BY_API_VERSION_AND_KIND.put(HasMetadata.getApiVersion(type) + " " + HasMetadata.getKind(type), type);
        }
    }

    private final ObjectMapper mapper = strictYamlMapper();

    /** Every {@code *.yaml}/{@code *.yml} file of the directory, every document in it. */
    List<Manifest> loadDirectory(Path dir) throws IOException {
        List<Manifest> manifests = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(ManifestLoader::isYaml).sorted().toList()) {
                try (Reader reader = Files.newBufferedReader(file)) {
                    manifests.addAll(load(file, reader));
                }
            }
        }
        return manifests;
    }

    /** The documents of one YAML text; {@code origin} only names it in messages. */
    List<Manifest> load(Path origin, String yaml) throws IOException {
        return load(origin, new StringReader(yaml));
    }

    static boolean isYaml(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    private List<Manifest> load(Path origin, Reader reader) throws IOException {
        List<Manifest> manifests = new ArrayList<>();
        try (MappingIterator<JsonNode> documents =
                mapper.readerFor(JsonNode.class).readValues(reader)) {
            int index = 0;
            while (documents.hasNextValue()) {
                JsonNode document = documents.nextValue();
                index++;
                if (document == null || document.isNull() || document.isMissingNode() || document.isEmpty()) {
                    continue; // an empty document, e.g. a trailing "---"
                }
                manifests.add(new Manifest(origin, index, toModel(origin, index, document)));
            }
        }
        return manifests;
    }

    private HasMetadata toModel(Path origin, int index, JsonNode document) {
        String where = origin.getFileName() + " document " + index;
        String key = document.path("apiVersion").asText() + " "
                + document.path("kind").asText();
        Class<? extends HasMetadata> type = BY_API_VERSION_AND_KIND.get(key);
        if (type == null) {
            throw new IllegalArgumentException(where + ": apiVersion/kind '" + key + "' is not one of "
                    + BY_API_VERSION_AND_KIND.keySet() + " (add its fabric8 model to ManifestLoader.KINDS)");
        }
        try {
            HasMetadata resource = mapper.treeToValue(document, type);
            if (resource.getMetadata() == null || resource.getMetadata().getName() == null) {
                throw new IllegalArgumentException(where + ": metadata.name is missing");
            }
            return resource;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    where + " is not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    static ObjectMapper strictYamlMapper() {
        YAMLMapper mapper = YAMLMapper.builder()
                .annotationIntrospector(new StrictIntrospector())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    /** Jackson's introspector minus the two ways fabric8's models swallow unknown fields. */
    private static final class StrictIntrospector extends JacksonAnnotationIntrospector {
        @Override
        public Boolean hasAnySetter(Annotated annotated) {
            return Boolean.FALSE;
        }

        @Override
        public JsonIgnoreProperties.Value findPropertyIgnoralByName(MapperConfig<?> config, Annotated annotated) {
            JsonIgnoreProperties.Value value = super.findPropertyIgnoralByName(config, annotated);
            return value == null ? null : value.withoutIgnoreUnknown();
        }
    }
}
