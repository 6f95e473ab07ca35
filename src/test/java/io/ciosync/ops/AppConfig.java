package io.ciosync.ops;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.ciosync.CioSyncConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigMappings;
import io.smallrye.config.ConfigMappings.ConfigClass;

/**
 * The application's own configuration as the manifests must agree with it, read as text without booting
 * Quarkus: the prod-profile values of {@code application.properties}, and the set of {@code cio-sync.*}
 * keys the application knows (its {@code @ConfigMapping} interfaces as SmallRye Config reads them, the keys and
 * {@code ${cio-sync...}} references in application.properties and the main sources, plus the keys planned but not
 * yet coded).
 */
final class AppConfig {

    /** Keys the manifests may already set before the code reads them (issue 5); harmless once they exist. */
    static final List<String> PLANNED_KEYS =
            List.of("cio-sync.api-tokens", "cio-sync.workspaces.*.site-id", "cio-sync.workspaces.*.api-key");

    static final String PREFIX = "cio-sync";
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(" + PREFIX + "\\.[A-Za-z0-9.\\-]+)(?::[^}]*)?}");

    private final Properties properties;
    private final Map<String, Optional<String>> mappingKeys;
    private final Set<String> knownKeys = new TreeSet<>();

    private AppConfig(Properties properties, Map<String, Optional<String>> mappingKeys, Set<String> referencedKeys) {
        this.properties = properties;
        this.mappingKeys = mappingKeys;
        knownKeys.addAll(mappingKeys.keySet());
        knownKeys.addAll(referencedKeys);
        knownKeys.addAll(PLANNED_KEYS);
        for (String key : properties.stringPropertyNames()) {
            String unprofiled = key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key;
            if (unprofiled.startsWith(PREFIX + ".")) {
                knownKeys.add(unprofiled);
            }
        }
    }

    static AppConfig load(Path projectRoot) throws IOException {
        Properties properties = new Properties();
        try (Reader reader =
                Files.newBufferedReader(projectRoot.resolve("src/main/resources/application.properties"))) {
            properties.load(reader);
        }
        Map<String, Optional<String>> mappingKeys = mappingKeys();
        Set<String> referenced = new TreeSet<>();
        for (String key : properties.stringPropertyNames()) {
            referenced.addAll(references(properties.getProperty(key)));
        }
        try (Stream<Path> sources = Files.walk(projectRoot.resolve("src/main/java"))) {
            for (Path source :
                    sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                referenced.addAll(references(Files.readString(source))); // e.g. @Scheduled(every = "${cio-sync...}")
            }
        }
        return new AppConfig(properties, mappingKeys, referenced);
    }

    /**
     * Every key of the application's {@code @ConfigMapping} interfaces with its {@code @WithDefault}, as SmallRye
     * Config names them: {@code cio-sync.delivery.lease}, {@code cio-sync.workspaces.*.site-id} for a map.
     */
    static Map<String, Optional<String>> mappingKeys() throws IOException {
        Map<String, Optional<String>> keys = new TreeMap<>();
        for (Class<?> mapping : configMappings()) {
            String prefix = mapping.getAnnotation(ConfigMapping.class).prefix();
            ConfigMappings.getProperties(ConfigClass.configClass(mapping, prefix))
                    .forEach((key, p) -> {
                        if (!key.endsWith("[*]")) { // a list's elements: the list itself is listed too
                            keys.put(key, p.hasDefaultValue() ? Optional.of(p.getDefaultValue()) : Optional.empty());
                        }
                    });
        }
        return keys;
    }

    /** The {@code @ConfigMapping} interfaces among the application's compiled classes (loaded, not initialized). */
    private static List<Class<?>> configMappings() throws IOException {
        Path classes;
        try {
            classes = Path.of(CioSyncConfig.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        try (Stream<Path> files = Files.walk(classes)) {
            return files.map(classes::relativize)
                    .map(Path::toString)
                    .filter(name -> name.endsWith(".class") && !name.contains("$"))
                    .map(name ->
                            name.substring(0, name.length() - ".class".length()).replace(File.separatorChar, '.'))
                    .<Class<?>>map(AppConfig::load)
                    .filter(type -> type.isAnnotationPresent(ConfigMapping.class))
                    .toList();
        }
    }

    private static Class<?> load(String className) {
        try {
            return Class.forName(className, false, AppConfig.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> references(String text) {
        Set<String> keys = new TreeSet<>();
        Matcher m = REFERENCE.matcher(text);
        while (m.find()) {
            keys.add(m.group(1));
        }
        return keys;
    }

    /** The prod-profile value of a key in application.properties (profiled variants like %test. are ignored). */
    Optional<String> property(String key) {
        return Optional.ofNullable(properties.getProperty(key)).map(String::trim);
    }

    /** The {@code @WithDefault} of a mapping key, if it has one. */
    Optional<String> mappingDefault(String key) {
        return mappingKeys.getOrDefault(key, Optional.empty());
    }

    Set<String> knownKeys() {
        return knownKeys;
    }

    /** Whether an environment variable name is how some known cio-sync key is spelled in the environment. */
    boolean isKnownEnvName(String envName) {
        return knownKeys.stream()
                .anyMatch(key -> envPattern(key).matcher(envName).matches());
    }

    /**
     * SmallRye's environment-variable spelling of a key: upper case, every other character an underscore;
     * a {@code *} (a map key such as a workspace name) stands for any name.
     */
    static Pattern envPattern(String key) {
        String[] parts = key.split("\\*", -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append("[A-Z0-9_]+");
            }
            regex.append(Pattern.quote(envName(parts[i])));
        }
        return Pattern.compile(regex.toString());
    }

    static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /** Quarkus durations: "3s", "100ms", "2m", ISO-8601 "PT3S", or a bare number of seconds. */
    static Duration duration(String value) {
        String v = value.trim();
        if (v.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(v));
        }
        if (v.matches("\\d+ms")) {
            return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        if (v.matches("\\d+d")) {
            return Duration.ofDays(Long.parseLong(v.substring(0, v.length() - 1)));
        }
        if (v.matches("\\d+[hms]")) {
            return Duration.parse("PT" + v.toUpperCase(Locale.ROOT));
        }
        return Duration.parse(v);
    }
}
