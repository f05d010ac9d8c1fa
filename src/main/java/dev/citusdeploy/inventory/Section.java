package dev.citusdeploy.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One YAML mapping being read into a record. Each getter records a problem instead of throwing,
 * so one pass finds every problem; {@link #finish()} reports the keys nobody asked for.
 */
final class Section {
    private final JsonNode node;
    private final String path;
    private final Problems problems;
    private final Set<String> known = new LinkedHashSet<>();

    Section(JsonNode node, String path, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    String path() {
        return path;
    }

    String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    boolean has(String key) {
        known.add(key);
        JsonNode value = node.get(key);
        return value != null && !value.isNull();
    }

    /** True when the key is written with nothing after it ({@code password:}). */
    boolean isEmpty(String key) {
        known.add(key);
        JsonNode value = node.get(key);
        return value != null && value.isNull();
    }

    /**
     * A scalar as text, as the file spells it ({@code 0640} stays 0640, {@code on} stays on);
     * null (and a problem when required) if absent or not a scalar.
     */
    String text(String key, boolean required) {
        known.add(key);
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            if (required) {
                problems.add(child(key), "is required");
            }
            return null;
        }
        if (!value.isValueNode()) {
            problems.add(child(key), "must be a single value, not a " + kind(value));
            return null;
        }
        String raw = problems.scalarText(child(key));
        String text = raw != null ? raw : value.asText();
        if (text.isBlank()) {
            problems.add(child(key), "must not be empty");
            return null;
        }
        return text;
    }

    String text(String key, String fallback) {
        String text = text(key, false);
        return text == null ? fallback : text;
    }

    /** A TCP port; the fallback when absent, null after a problem. */
    Integer port(String key, int fallback) {
        known.add(key);
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            problems.add(child(key), "must be a port number, not \"" + value.asText() + "\"");
            return null;
        }
        int port = value.asInt();
        if (port < 1 || port > 65535) {
            problems.add(child(key), "must be between 1 and 65535, not " + port);
            return null;
        }
        return port;
    }

    /** A nested mapping, or null when absent (or after a problem). */
    Section section(String key) {
        known.add(key);
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            problems.add(child(key), "must be a mapping (key: value lines), not a " + kind(value));
            return null;
        }
        return new Section(value, child(key), problems);
    }

    /** The mappings of a list; empty when absent (or after a problem). */
    List<Section> list(String key) {
        known.add(key);
        JsonNode value = node.get(key);
        List<Section> items = new ArrayList<>();
        if (value == null || value.isNull()) {
            return items;
        }
        if (!value.isArray()) {
            problems.add(child(key), "must be a list (lines starting with \"- \"), not a " + kind(value));
            return items;
        }
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            String itemPath = child(key) + "[" + i + "]";
            if (item.isObject()) {
                items.add(new Section(item, itemPath, problems));
            } else {
                problems.add(itemPath, "must be a mapping (key: value lines), not a " + kind(item));
            }
        }
        return items;
    }

    /** A list of scalars; empty when absent (or after a problem). */
    List<String> texts(String key) {
        known.add(key);
        JsonNode value = node.get(key);
        List<String> items = new ArrayList<>();
        if (value == null || value.isNull()) {
            return items;
        }
        if (!value.isArray()) {
            problems.add(child(key), "must be a list, not a " + kind(value));
            return items;
        }
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (item.isValueNode() && !item.isNull()) {
                String raw = problems.scalarText(child(key) + "[" + i + "]");
                items.add(raw != null ? raw : item.asText());
            } else {
                problems.add(child(key) + "[" + i + "]", "must be a single value, not a " + kind(item));
            }
        }
        return items;
    }

    /** A mapping of setting name to scalar value (postgresql.conf settings). */
    Map<String, String> scalars(String key) {
        Section section = section(key);
        Map<String, String> values = new LinkedHashMap<>();
        if (section == null) {
            return values;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = section.node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            section.known.add(field.getKey());
            JsonNode value = field.getValue();
            if (value.isValueNode() && !value.isNull()) {
                String raw = problems.scalarText(section.child(field.getKey()));
                values.put(field.getKey(), raw != null ? raw : value.asText());
            } else {
                problems.add(section.child(field.getKey()), "must be a single value, not a " + kind(value));
            }
        }
        return values;
    }

    /** Reports every key of this mapping that no getter asked for, with a suggestion when one is close. */
    void finish() {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                String hint = Suggestion.closest(name, known)
                        .map(s -> " (did you mean \"" + s + "\"?)")
                        .orElse(known.isEmpty() ? "" : " (known keys: " + String.join(", ", known) + ")");
                problems.add(child(name), "unknown key" + hint);
            }
        }
    }

    private static String kind(JsonNode value) {
        if (value.isObject()) {
            return "mapping";
        }
        if (value.isArray()) {
            return "list";
        }
        return value.isNull() ? "null" : "value";
    }
}
