package dev.citusdeploy.inventory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A validated inventory: the servers, the nodes they run, and cluster-wide settings.
 * Built only by {@link InventoryLoader}, so every instance has passed validation.
 *
 * @param source the file it was read from (relative paths in it are resolved against its folder)
 */
public record Inventory(
        Path source,
        String cluster,
        String image,
        String database,
        String user,
        PasswordSource password,
        List<Server> servers,
        Node coordinator,
        List<Node> workers,
        PostgresSettings postgresql,
        List<String> clients,
        Path knownHosts,
        Network network) {

    public Inventory {
        servers = List.copyOf(servers);
        workers = List.copyOf(workers);
        clients = List.copyOf(clients);
    }

    /** The coordinator first, then the workers in inventory order. */
    public List<Node> nodes() {
        List<Node> nodes = new ArrayList<>();
        nodes.add(coordinator);
        nodes.addAll(workers);
        return nodes;
    }

    public Node node(String name) {
        return nodes().stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + name));
    }

    public Server server(String name) {
        return findServer(name).orElseThrow(() -> new IllegalArgumentException("no server " + name));
    }

    public Optional<Server> findServer(String name) {
        return servers.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public List<Node> nodesOn(Server server) {
        return nodes().stream().filter(n -> n.server().equals(server.name())).toList();
    }

    /** Servers that run at least one node, in inventory order. */
    public List<Server> usedServers() {
        return servers.stream().filter(s -> !nodesOn(s).isEmpty()).toList();
    }

    /**
     * The address the other nodes reach this node by: its server's cluster address, or on a
     * private network its container name.
     */
    public String clusterAddressOf(Node node) {
        return network == Network.PRIVATE ? containerName(node) : server(node.server()).clusterAddress();
    }

    /** {@code <cluster>-<node>}, e.g. citus-coordinator, citus-worker1. */
    public String containerName(Node node) {
        return cluster + "-" + node.name();
    }
}
