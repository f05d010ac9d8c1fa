package dev.citusdeploy.facts;

import dev.citusdeploy.Parallel;
import dev.citusdeploy.host.ClusterContainer;
import dev.citusdeploy.host.ContainerState;
import dev.citusdeploy.host.DockerHost;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.Node;
import dev.citusdeploy.render.NodeLayout;
import dev.citusdeploy.ssh.CommandResult;
import dev.citusdeploy.ssh.RemoteCommands;
import dev.citusdeploy.ssh.RemoteShell;
import dev.citusdeploy.ssh.ServerSessions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A node's container and the passwords its server keeps: the one in use ({@code secrets/password})
 * and, while a password rotation is unfinished, the new one ({@code secrets/password.new}). Never
 * printed.
 */
public record NodeCredentials(String node, ContainerState container, Optional<String> stored, Optional<String> pending,
                              boolean composeOutdated) {

    /** The node's journal of an unfinished rotation, beside its password file. */
    public static final String PENDING_FILE = NodeLayout.PASSWORD_FILE + ".new";

    /** The commands {@link #of} reads for one node, to batch with its server's {@link RemoteCommands#clusterContainers}. */
    public static List<List<String>> commands(Inventory inventory, Node node) {
        NodeLayout layout = NodeLayout.of(inventory, node);
        return List.of(RemoteCommands.readFileIfExists(layout.path(NodeLayout.PASSWORD_FILE)),
                RemoteCommands.readFileIfExists(layout.path(PENDING_FILE)),
                RemoteCommands.modifiedAt(layout.path(NodeLayout.COMPOSE_FILE)));
    }

    /** From the server's containers and the results of {@link #commands}, in their order. */
    public static NodeCredentials of(DockerHost host, Inventory inventory, Node node, Map<String, ClusterContainer> containers,
                                     List<CommandResult> results) {
        String name = NodeLayout.of(inventory, node).container();
        ClusterContainer container = containers.get(name);
        return new NodeCredentials(node.name(), ClusterContainer.stateOf(containers, name),
                host.storedPassword(results.get(0)), host.storedPassword(results.get(1)),
                container != null && ServerFacts.composeOutdated(container.created(), results.get(2)));
    }

    /** Every node's, one batch of commands per server, the servers in parallel. */
    public static Map<String, NodeCredentials> gather(Inventory inventory, ServerSessions connections, List<String> servers) {
        Map<String, NodeCredentials> found = new ConcurrentHashMap<>();
        Parallel.run(servers, name -> {
            RemoteShell shell = connections.of(name);
            List<Node> nodes = inventory.nodesOn(inventory.server(name));
            List<List<String>> commands = new ArrayList<>(DockerHost.detectCommands());
            int at = commands.size();
            commands.add(RemoteCommands.clusterContainers(inventory.cluster(),
                    nodes.stream().map(n -> NodeLayout.of(inventory, n).container()).toList()));
            nodes.forEach(node -> commands.addAll(commands(inventory, node)));
            List<CommandResult> results = shell.runAll(commands);
            DockerHost host = DockerHost.detect(shell, results.subList(0, at));
            Map<String, ClusterContainer> containers = ClusterContainer.parse(name, results.get(at));
            int per = commands(inventory, nodes.get(0)).size();
            for (int i = 0; i < nodes.size(); i++) {
                int from = at + 1 + i * per;
                found.put(nodes.get(i).name(), of(host, inventory, nodes.get(i), containers, results.subList(from, from + per)));
            }
            return true;
        });
        Map<String, NodeCredentials> ordered = new LinkedHashMap<>();
        inventory.nodes().stream().filter(n -> found.containsKey(n.name())).forEach(n -> ordered.put(n.name(), found.get(n.name())));
        return ordered;
    }
}
