package dev.citusdeploy.host;

import dev.citusdeploy.ssh.CommandResult;
import dev.citusdeploy.ssh.RemoteCommands;
import dev.citusdeploy.ssh.RemoteFailure;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A container of the cluster on one server, as {@link RemoteCommands#clusterContainers} reports
 * it: its name, the node and role its labels give, when Docker created it, and its state.
 *
 * @param created seconds since 1970 (the server's clock), -1 when unknown
 */
public record ClusterContainer(String name, String node, String role, long created, ContainerState state) {

    /** By container name; the containers that exist only (a named one that does not is left out). */
    public static Map<String, ClusterContainer> parse(String server, CommandResult result) {
        if (!result.ok() && !onlyMissing(result)) {
            throw RemoteFailure.of(server, "docker inspect of the cluster's containers", result);
        }
        Map<String, ClusterContainer> found = new LinkedHashMap<>();
        for (String line : result.stdout().split("\n")) {
            String[] parts = line.strip().split("\\|", 5);
            if (parts.length < 5 || parts[0].isEmpty()) {
                continue;
            }
            String name = parts[0].replaceFirst("^/", "");
            found.putIfAbsent(name, new ClusterContainer(name, parts[1], parts[2], epochSeconds(parts[3]), ContainerState.parse(parts[4])));
        }
        return found;
    }

    /** The state of the named container: absent when Docker does not know it. */
    public static ContainerState stateOf(Map<String, ClusterContainer> containers, String name) {
        ClusterContainer container = containers.get(name);
        return container == null ? ContainerState.absent() : container.state();
    }

    /** docker inspect exits 1 when a named container does not exist; its other output stands. */
    private static boolean onlyMissing(CommandResult result) {
        return result.exitCode() == 1 && result.stderr().lines().map(String::strip).filter(l -> !l.isEmpty())
                .allMatch(l -> l.contains("No such container") || l.contains("No such object"));
    }

    private static long epochSeconds(String created) {
        try {
            return Instant.parse(created.strip()).getEpochSecond();
        } catch (DateTimeParseException e) {
            return -1;
        }
    }
}
