package dev.citusdeploy.facts;

import dev.citusdeploy.host.ContainerState;
import dev.citusdeploy.Parallel;
import dev.citusdeploy.db.NodeDatabase;
import dev.citusdeploy.ssh.RemoteShell;
import dev.citusdeploy.secrets.PasswordResolver;
import dev.citusdeploy.ssh.ServerSessions;
import dev.citusdeploy.CitusDeployException;
import dev.citusdeploy.db.CitusAdmin;
import dev.citusdeploy.db.DistNode;
import dev.citusdeploy.db.NodeShards;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.Node;
import dev.citusdeploy.inventory.Server;
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

    /**
     * Every node's row, whatever fails: an unreachable server, a stopped container or a database
     * that refuses the login is that node's problem, shown in its row; the others are still asked.
     */
    public StatusReport status(Inventory inventory) {
        passwords.fromInventory(inventory); // a missing env var or file fails before any connection
        Map<String, String> unreachable = new ConcurrentHashMap<>();
        try (ServerSessions connections = ServerSessions.openReachable(inventory, connector, unreachable)) {
            Map<String, ContainerState> containers = new ConcurrentHashMap<>();
            Map<String, Optional<String>> stored = new ConcurrentHashMap<>();
            List<String> reachable = inventory.usedServers().stream().map(Server::name).filter(connections::reaches).toList();
            Map<String, String> dockerProblems = new ConcurrentHashMap<>();
            java.util.Set<String> outdated = ConcurrentHashMap.newKeySet();
            Parallel.run(reachable, name -> {
                try {
                    NodeCredentials.gather(inventory, connections, List.of(name)).forEach((node, found) -> {
                        containers.put(node, found.container());
                        stored.put(node, found.stored());
                        if (found.composeOutdated()) {
                            outdated.add(node);
                        }
                    });
                } catch (CitusDeployException e) {
                    dockerProblems.put(name, e.lines().get(0));
                }
                return true;
            });
            unreachable.putAll(dockerProblems);
            String password = passwords.resolve(inventory, stored);
            Map<Node, Probe> probes = Parallel.run(inventory.nodes(), node -> unreachable.containsKey(node.server())
                    ? new Probe(false, unreachable.get(node.server()), "", List.of(), List.of(), List.of())
                    : probe(inventory, node, containers.get(node.name()), connections, password));
            Probe coordinator = probes.get(inventory.coordinator());
            List<NodeStatus> statuses = new ArrayList<>();
            for (Node node : inventory.nodes()) {
                statuses.add(describe(inventory, node, containers.getOrDefault(node.name(), UNKNOWN), probes.get(node),
                        coordinator, outdated.contains(node.name())));
            }
            List<String> problems = new ArrayList<>();
            inventory.usedServers().stream().filter(s -> unreachable.containsKey(s.name()))
                    .forEach(s -> problems.add(unreachable.get(s.name())));
            return new StatusReport(inventory.cluster(), statuses, unknown(inventory, coordinator.distNodes()), problems,
                    coordinator.findings());
        }
    }

    private static final ContainerState UNKNOWN = new ContainerState("unknown", "", 0);

    /** What one node answers; for the coordinator also its pg_dist_node. */
    private record Probe(boolean reachable, String error, String citus, List<DistNode> distNodes, List<String> pendingRestart,
                         List<NodeShards> shards, List<String> findings, List<String> closedByCitusDeploy) {

        Probe(boolean reachable, String error, String citus, List<DistNode> distNodes, List<String> pendingRestart,
              List<NodeShards> shards) {
            this(reachable, error, citus, distNodes, pendingRestart, shards, List.of(), List.of());
        }
    }

    private Probe probe(Inventory inventory, Node node, ContainerState container, ServerSessions connections, String password) {
        if (!container.running()) {
            return new Probe(false, "container " + container.status(), "", List.of(), List.of(), List.of());
        }
        try (CitusAdmin admin = databases.open(inventory, node, connections.of(node.server()), password)) {
            if (admin.installedCitusVersion().isEmpty()) {
                return new Probe(true, "citus extension not created", "", List.of(), admin.pendingRestart(), List.of());
            }
            boolean coordinator = node.isCoordinator();
            List<DistNode> distNodes = coordinator ? admin.distNodes() : List.of();
            boolean closed = distNodes.stream().anyMatch(d -> !d.isCoordinatorRow() && !d.shouldHaveShards());
            return new Probe(true, "", admin.citusVersion(), distNodes, admin.pendingRestart(),
                    coordinator ? admin.shardsPerNode() : List.of(), coordinator ? admin.jobFindings() : List.of(),
                    closed ? admin.closedByCitusDeploy() : List.of());
        } catch (CitusDeployException e) {
            // The row names the node already: keep the reason only.
            String reason = e.lines().get(0).replaceFirst("^node " + java.util.regex.Pattern.quote(node.name()) + ": ", "");
            return new Probe(false, reason, "", List.of(), List.of(), List.of());
        }
    }

    private static NodeStatus describe(Inventory inventory, Node node, ContainerState container, Probe probe,
                                       Probe coordinator, boolean composeOutdated) {
        String address = inventory.clusterAddressOf(node);
        Optional<NodeShards> shards = coordinator.shards().stream()
                .filter(s -> s.host().equals(address) && s.port() == node.port()).findFirst();
        Optional<DistNode> row = coordinator.distNodes().stream()
                .filter(d -> node.isCoordinator() ? d.isCoordinatorRow()
                        : !d.isCoordinatorRow() && d.host().equals(address) && d.port() == node.port())
                .findFirst();
        boolean closed = !node.isCoordinator() && row.isPresent() && !row.get().shouldHaveShards();
        String state = container.exists() && !container.health().isEmpty()
                ? container.status() + " (" + container.health() + ")" : container.status();
        return new NodeStatus(node.name(), node.role().label(), node.server(), address, node.port(), state,
                probe.reachable(), probe.error(), probe.citus(), row.isPresent(), row.map(DistNode::active).orElse(false),
                shards.map(NodeShards::shards).orElse(0), shards.map(NodeShards::bytes).orElse(0L), probe.pendingRestart(),
                composeOutdated, closed, closed && coordinator.closedByCitusDeploy().contains(address + ":" + node.port()));
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
