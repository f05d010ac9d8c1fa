package dev.citusdeploy.inventory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * postgresql.conf overrides from the inventory, by level. A node's own settings win over its role's,
 * which win over {@code all}.
 */
public record PostgresSettings(Map<String, String> all, Map<String, String> coordinator, Map<String, String> workers) {

    public PostgresSettings {
        all = Map.copyOf(all);
        coordinator = Map.copyOf(coordinator);
        workers = Map.copyOf(workers);
    }

    public static PostgresSettings none() {
        return new PostgresSettings(Map.of(), Map.of(), Map.of());
    }

    /** all, then the role's level, then the node's own, later levels overriding earlier ones. */
    public Map<String, String> forNode(Node node) {
        Map<String, String> merged = new LinkedHashMap<>(all);
        merged.putAll(node.isCoordinator() ? coordinator : workers);
        merged.putAll(node.settings());
        return merged;
    }
}
