package dev.citusdeploy.apply;

import dev.citusdeploy.CitusDeployException;
import dev.citusdeploy.db.CitusAdmin;
import dev.citusdeploy.db.DistNode;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.Node;
import dev.citusdeploy.inventory.Server;
import dev.citusdeploy.facts.ContainerState;
import dev.citusdeploy.render.NodeLayout;
import dev.citusdeploy.ssh.RemoteShell;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** Reads the cluster's state without changing anything: containers, PostgreSQL, Citus, pg_dist_node. */
public final class StatusService {
    private final Function<Server, RemoteShell> connector;
    private final NodeDatabase databases;
    private final PasswordResolver passwords;

    public StatusService(Function<Server, RemoteShell> connector, NodeDatabase databases, PasswordResolver passwords) {
        this.connector = connector;
        this.databases = databases;
        this.passwords = passwords;
    }

    public StatusReport status(Inventory inventory) {
        passwords.fromInventory(inventory); // a missing env var or file fails before any connection
        List<String> servers = inventory.usedServers().stream().map(Server::name).toList();
        try (Connections connections = Connections.open(inventory, connector)) {
            Map<String, ContainerState> containers = new ConcurrentHashMap<>();
            Map<String, Optional<String>> stored = new ConcurrentHashMap<>();
            Parallel.run(servers, name -> {
                DockerHost host = DockerHost.detect(connections.of(name));
                for (Node node : inventory.nodes()) {
                    if (node.server().equals(name)) {
                        NodeLayout layout = NodeLayout.of(inventory, node);
                        containers.put(node.name(), host.containerState(layout.container()));
                        stored.put(node.name(), host.storedPassword(layout));
                    }
                }
                return true;
            });
            String password = passwords.resolve(inventory, stored);
            Map<Node, Probe> probes = Parallel.run(inventory.nodes(),
                    node -> probe(inventory, node, containers.get(node.name()), connections, password));
            List<DistNode> distNodes = probes.get(inventory.nodes().get(0)).distNodes;
            List<NodeStatus> statuses = new ArrayList<>();
            for (Node node : inventory.nodes()) {
                statuses.add(describe(inventory, node, containers.get(node.name()), probes.get(node), distNodes));
            }
            return new StatusReport(inventory.cluster(), statuses, unknown(inventory, distNodes), List.of());
        }
    }

    /** What one node answers; for the coordinator also its pg_dist_node. */
    private record Probe(boolean reachable, String error, String citus, List<DistNode> distNodes) {
    }

    private Probe probe(Inventory inventory, Node node, ContainerState container, Connections connections, String password) {
        if (!container.running()) {
            return new Probe(false, "container " + container.status(), "", List.of());
        }
        try (CitusAdmin admin = databases.open(inventory, node, connections.of(node.server()), password)) {
            if (admin.installedCitusVersion().isEmpty()) {
                return new Probe(true, "citus extension not created", "", List.of());
            }
            List<DistNode> distNodes = node.isCoordinator() ? admin.distNodes() : List.of();
            return new Probe(true, "", admin.citusVersion(), distNodes);
        } catch (CitusDeployException e) {
            return new Probe(false, e.lines().get(0), "", List.of());
        }
    }

    private static NodeStatus describe(Inventory inventory, Node node, ContainerState container, Probe probe,
                                       List<DistNode> distNodes) {
        String address = inventory.clusterAddressOf(node);
        Optional<DistNode> row = distNodes.stream()
                .filter(d -> node.isCoordinator() ? d.isCoordinatorRow()
                        : !d.isCoordinatorRow() && d.host().equals(address) && d.port() == node.port())
                .findFirst();
        String state = container.exists() && !container.health().isEmpty()
                ? container.status() + " (" + container.health() + ")" : container.status();
        return new NodeStatus(node.name(), node.role().label(), node.server(), address, node.port(), state,
                probe.reachable(), probe.error(), probe.citus(), row.isPresent(), row.map(DistNode::active).orElse(false));
    }

    private static List<String> unknown(Inventory inventory, List<DistNode> distNodes) {
        Map<String, Boolean> known = new HashMap<>();
        inventory.workers().forEach(w -> known.put(inventory.clusterAddressOf(w) + ":" + w.port(), true));
        List<String> unknown = new ArrayList<>();
        for (DistNode row : distNodes) {
            if (!row.isCoordinatorRow() && !known.containsKey(row.host() + ":" + row.port())) {
                unknown.add(row.host() + ":" + row.port() + " (nodeid " + row.nodeId() + ", " + row.role()
                        + (row.active() ? ", active" : ", inactive") + ")");
            }
        }
        return unknown;
    }
}
