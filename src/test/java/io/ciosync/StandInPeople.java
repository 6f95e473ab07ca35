package io.ciosync;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * People accepted by a stand-in, across workspaces. Each person is one compact JSON string of merged
 * attributes, so a million people fit in a few hundred MB.
 *
 * <p>Keys are the identifier as a v1 path carries it: an id (case-sensitive), an email (anything with
 * an {@code @}, case-insensitive), or {@code cio_<cio_id>}. A v2 {@code identifiers} object maps to the same
 * key; a v2 {@code phone} is kept under its own value.
 */
final class StandInPeople {

    private final JsonMapper json = JsonMapper.shared();
    private final Map<String, String> people = new ConcurrentHashMap<>();

    /**
     * Merges attributes into a person; with {@code updateOnly} (Customer.io's {@code _update: true}) a person
     * who does not exist yet is not created. The caller has removed {@code _update}/{@code _timestamp}.
     */
    void merge(String identifier, ObjectNode attributes, boolean updateOnly) {
        String key = key(identifier);
        if (updateOnly) {
            people.computeIfPresent(key, (k, old) -> merged(old, attributes));
        } else {
            people.merge(key, json.writeValueAsString(attributes), (old, ignored) -> merged(old, attributes));
        }
    }

    Optional<Map<String, Object>> person(String identifier) {
        String stored = people.get(key(identifier));
        if (stored == null) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> attributes = json.readValue(stored, LinkedHashMap.class);
        return Optional.of(attributes);
    }

    int count() {
        return people.size();
    }

    void clear() {
        people.clear();
    }

    private String merged(String old, ObjectNode attributes) {
        ObjectNode person = (ObjectNode) json.readTree(old);
        person.setAll(attributes);
        return json.writeValueAsString(person);
    }

    static String key(String identifier) {
        return identifier.indexOf('@') >= 0 ? identifier.toLowerCase(Locale.ROOT) : identifier;
    }
}
