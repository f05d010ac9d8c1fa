package dev.citusdeploy.plan;

/**
 * A node's container as Docker reports it.
 *
 * @param status docker's State.Status (running, exited, restarting, ...) or "absent"
 * @param health State.Health.Status (healthy, starting, unhealthy) or "" without a health check
 */
public record ContainerState(String status, String health, int restartCount) {

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

    /** Parses {@code status|health|restarts} as printed by the inspect format we use. */
    public static ContainerState parse(String line) {
        String[] parts = line.strip().split("\\|", -1);
        int restarts = parts.length > 2 && parts[2].matches("\\d+") ? Integer.parseInt(parts[2]) : 0;
        return new ContainerState(parts[0], parts.length > 1 ? parts[1] : "", restarts);
    }
}
