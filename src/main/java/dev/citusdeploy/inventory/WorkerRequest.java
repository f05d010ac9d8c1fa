package dev.citusdeploy.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What add-worker was asked for, checked against the inventory before anything is touched, with
 * the defaults filled in: the last worker's server, the next free port there, the first free worker<N> name.
 * Pure; one line per problem, each naming its flag.
 */
public final class WorkerRequest {
    private static final Pattern NODE_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");

    private WorkerRequest() {
    }

    /** The worker to add, or the problems with the flags. */
    public record Checked(InventoryEditor.NewWorker worker, List<String> problems) {
    }

    /** worker<N>: the first N, from the number of workers plus one, that no node has. */
    private static String freeName(List<Node> nodes) {
        int n = (int) nodes.stream().filter(node -> !node.isCoordinator()).count() + 1;
        while (true) {
            String candidate = "worker" + n;
            if (nodes.stream().noneMatch(node -> node.name().equals(candidate))) {
                return candidate;
            }
            n++;
        }
    }

    public static Checked check(Inventory inventory, String server, Integer port, String name) {
        List<String> problems = new ArrayList<>();
        List<Node> nodes = inventory.nodes();
        String target = server != null ? server : nodes.get(nodes.size() - 1).server();
        if (inventory.findServer(target).isEmpty()) {
            problems.add("--server: no server named \"" + target + "\" in the inventory (servers: "
                    + String.join(", ", inventory.servers().stream().map(Server::name).toList()) + ")");
        }
        int chosenPort = port != null ? port : nodes.stream().filter(n -> n.server().equals(target))
                .mapToInt(n -> n.port() + 1).max().orElse(InventoryLoader.DEFAULT_PORT);
        if (chosenPort < 1 || chosenPort > 65535) {
            problems.add("--port: must be between 1 and 65535, not " + chosenPort);
        } else if (nodes.stream().anyMatch(n -> n.server().equals(target) && n.port() == chosenPort)) {
            problems.add("--port: " + chosenPort + " is already used on server " + target);
        }
        if (name != null && !NODE_NAME.matcher(name).matches()) {
            problems.add("--name: \"" + name + "\" must be lower-case letters, digits, - or _ (it names the container),"
                    + " at most 40 characters");
        } else if (name != null && nodes.stream().anyMatch(n -> n.name().equals(name))) {
            problems.add("--name: \"" + name + "\" is already a node of this cluster");
        }
        // Always a name in the file: a positional one would move to another node when an entry is removed.
        String chosen = name != null ? name : freeName(nodes);
        return new Checked(new InventoryEditor.NewWorker(target, chosenPort, chosen), problems);
    }
}
