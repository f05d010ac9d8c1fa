package dev.citusdeploy.inventory;

import java.util.Map;

/**
 * One PostgreSQL instance of the cluster: the coordinator or a worker.
 *
 * @param settings postgresql.conf settings for this node only (override every other level)
 */
public record Node(String name, Role role, String server, int port, Map<String, String> settings) {

    public Node {
        settings = Map.copyOf(settings);
    }

    public enum Role {
        COORDINATOR, WORKER;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public boolean isCoordinator() {
        return role == Role.COORDINATOR;
    }
}
