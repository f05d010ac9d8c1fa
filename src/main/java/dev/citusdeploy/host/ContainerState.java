package dev.citusdeploy.host;

import dev.citusdeploy.render.DataLayout;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A node's container as Docker reports it.
 *
 * @param status  docker's State.Status (running, exited, restarting, ...) or "absent"
 * @param health  State.Health.Status (healthy, starting, unhealthy) or "" without a health check
 * @param volumes the named volumes mounted in the container: volume name -> mount point
 * @param pgdata  the container's PGDATA environment variable, "" when it has none
 * @param port    the container's PGPORT (the node's port, as its compose file set it), -1 when unknown
 */
public record ContainerState(String status, String health, int restartCount, Map<String, String> volumes, String pgdata,
                             int port) {
    private static final com.fasterxml.jackson.core.JsonFactory JSON = new com.fasterxml.jackson.core.JsonFactory();

    public ContainerState {
        volumes = Map.copyOf(volumes);
    }

    public ContainerState(String status, String health, int restartCount) {
        this(status, health, restartCount, Map.of(), "", -1);
    }

    public static ContainerState absent() {
        return new ContainerState("absent", "", 0);
    }

    public boolean exists() {
        return !status.equals("absent");
    }

    public boolean running() {
        return status.equals("running");
    }

    public boolean healthy() {
        return running() && (health.isEmpty() || health.equals("healthy"));
    }

    /** Where this container keeps the data of {@code volume}, if it mounts it: the layout to keep. */
    public Optional<DataLayout> dataLayout(String volume) {
        String mount = volumes.get(volume);
        if (mount == null) {
            return Optional.empty();
        }
        String dir = pgdata.isEmpty() ? mount : pgdata;
        return dir.equals(mount) || dir.startsWith(mount + "/") ? Optional.of(new DataLayout(mount, dir)) : Optional.empty();
    }

    /**
     * Parses {@code status|health|restarts|name=mount;...|["ENV=value",...]} as printed by the
     * inspect format we use (the environment last: it may contain the separator).
     */
    public static ContainerState parse(String line) {
        String[] parts = line.strip().split("\\|", 5);
        int restarts = parts.length > 2 && parts[2].matches("\\d+") ? Integer.parseInt(parts[2]) : 0;
        Map<String, String> volumes = new LinkedHashMap<>();
        if (parts.length > 3) {
            for (String mount : parts[3].split(";")) {
                int eq = mount.indexOf('=');
                if (eq > 0) {
                    volumes.put(mount.substring(0, eq), mount.substring(eq + 1));
                }
            }
        }
        Map<String, String> env = parts.length > 4 ? environment(parts[4]) : Map.of();
        String port = env.getOrDefault("PGPORT", "");
        return new ContainerState(parts[0], parts.length > 1 ? parts[1] : "", restarts, volumes, env.getOrDefault("PGDATA", ""),
                port.matches("\\d+") ? Integer.parseInt(port) : -1);
    }

    /** A Docker environment list ({@code ["A=1","B=2"]}, or {@code null}) as a map. */
    public static Map<String, String> environment(String json) {
        Map<String, String> env = new LinkedHashMap<>();
        try {
            // The streaming parser: an ObjectMapper costs more to set up than every container's read.
            try (com.fasterxml.jackson.core.JsonParser parser = JSON.createParser(json.strip())) {
                if (parser.nextToken() == com.fasterxml.jackson.core.JsonToken.START_ARRAY) {
                    for (var token = parser.nextToken(); token != null && token != com.fasterxml.jackson.core.JsonToken.END_ARRAY;
                         token = parser.nextToken()) {
                        String text = parser.getText();
                        int eq = text.indexOf('=');
                        if (token == com.fasterxml.jackson.core.JsonToken.VALUE_STRING && eq > 0) {
                            env.put(text.substring(0, eq), text.substring(eq + 1));
                        }
                    }
                }
            }
        } catch (java.io.IOException e) {
            // Not JSON: no environment known; the caller falls back to defaults.
        }
        return env;
    }
}
