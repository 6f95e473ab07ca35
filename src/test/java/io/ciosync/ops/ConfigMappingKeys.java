package io.ciosync.ops;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration keys that a SmallRye {@code @ConfigMapping} interface declares, read from its source
 * text (no Quarkus boot): {@code Db db()} with {@code interface Db { Optional<String> url(); }} under
 * {@code prefix = "cio-sync"} gives {@code cio-sync.db.url}. Method names become kebab-case, {@code @WithName}
 * overrides them, a {@code Map<String, Group>} contributes {@code name.*.member}, and {@code @WithDefault}
 * values are kept. Deliberately small: it understands the shapes CioSyncConfig uses, not all of Java.
 */
final class ConfigMappingKeys {

    private static final Pattern MAPPING_PREFIX = Pattern.compile("@ConfigMapping\\s*\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern INTERFACE = Pattern.compile("\\binterface\\s+(\\w+)[^{;]*\\{");
    private static final Pattern METHOD = Pattern.compile("(?s)^(.*?)([\\w.]+(?:\\s*<[^()]*>)?)\\s+(\\w+)\\s*\\(\\s*\\)\\s*$");
    private static final Pattern WITH_NAME = Pattern.compile("@WithName\\s*\\(\\s*\"([^\"]*)\"\\s*\\)");
    private static final Pattern WITH_DEFAULT = Pattern.compile("@WithDefault\\s*\\(\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*\\)");
    private static final Pattern MAP_OF = Pattern.compile("(?:java\\.util\\.)?Map\\s*<\\s*String\\s*,\\s*([\\w.]+)\\s*>");
    private static final Pattern OPTIONAL_OF = Pattern.compile("(?:java\\.util\\.)?Optional\\s*<\\s*([\\w.]+)\\s*>");

    private ConfigMappingKeys() {
    }

    /** Every leaf key of the mapping, with its {@code @WithDefault} value where it has one. */
    static Map<String, Optional<String>> parse(String javaSource) {
        String source = stripComments(javaSource);
        Matcher prefix = MAPPING_PREFIX.matcher(source);
        if (!prefix.find()) {
            throw new IllegalArgumentException("no @ConfigMapping(prefix = \"...\") found");
        }
        Map<String, String> bodies = interfaceBodies(source);
        Matcher root = INTERFACE.matcher(source);
        if (!root.find(prefix.end())) {
            throw new IllegalArgumentException("no interface after @ConfigMapping");
        }
        Map<String, Optional<String>> keys = new LinkedHashMap<>();
        collect(prefix.group(1), root.group(1), bodies, keys, 0);
        return keys;
    }

    private static void collect(String prefix, String interfaceName, Map<String, String> bodies,
            Map<String, Optional<String>> keys, int depth) {
        if (depth > 10) {
            throw new IllegalArgumentException("config groups nest too deep at " + prefix);
        }
        for (String declaration : topLevel(bodies.get(interfaceName)).split(";")) {
            Matcher method = METHOD.matcher(declaration.trim());
            if (!method.matches() || method.group(1).matches("(?s).*\\b(default|static|private)\\b.*")) {
                continue;
            }
            String annotations = method.group(1);
            Matcher withName = WITH_NAME.matcher(annotations);
            String key = prefix + "." + (withName.find() ? withName.group(1) : kebab(method.group(3)));
            String type = method.group(2).replaceAll("\\s+", "");
            Matcher optional = OPTIONAL_OF.matcher(type);
            if (optional.matches()) {
                type = optional.group(1);
            }
            Matcher map = MAP_OF.matcher(type);
            if (map.matches()) {
                key += ".*";
                type = map.group(1);
            }
            String simpleType = type.substring(type.lastIndexOf('.') + 1);
            if (bodies.containsKey(simpleType)) {
                collect(key, simpleType, bodies, keys, depth + 1);
            } else {
                Matcher withDefault = WITH_DEFAULT.matcher(annotations);
                keys.put(key, withDefault.find() ? Optional.of(withDefault.group(1)) : Optional.empty());
            }
        }
    }

    /** Body text (between the braces) of every interface in the source, by simple name. */
    private static Map<String, String> interfaceBodies(String source) {
        Map<String, String> bodies = new LinkedHashMap<>();
        Matcher m = INTERFACE.matcher(source);
        while (m.find()) {
            int open = m.end() - 1;
            bodies.put(m.group(1), source.substring(open + 1, matchingBrace(source, open)));
        }
        return bodies;
    }

    /** The text of a body at its own nesting level: every nested {...} block becomes ";". */
    private static String topLevel(String body) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (char c : body.toCharArray()) {
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
                if (depth == 0) {
                    out.append(';');
                }
            } else if (depth == 0) {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static int matchingBrace(String source, int open) {
        int depth = 0;
        for (int i = open; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced braces");
    }

    /** Removes comments, keeping string literals (a default such as "https://track.customer.io" stays whole). */
    static String stripComments(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '"' || c == '\'') {
                int end = i + 1;
                while (end < source.length() && source.charAt(end) != c) {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                out.append(source, i, Math.min(end + 1, source.length()));
                i = end + 1;
            } else if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = end < 0 ? source.length() : end;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? source.length() : end + 2;
                out.append(' ');
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** SmallRye's default naming: {@code maxFileSize} → {@code max-file-size}. */
    static String kebab(String methodName) {
        return methodName.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
