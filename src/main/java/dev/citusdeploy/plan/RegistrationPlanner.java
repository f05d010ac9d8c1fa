package dev.citusdeploy.plan;

import dev.citusdeploy.db.DistNode;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Compares the inventory with the coordinator's pg_dist_node and decides what to register:
 * the coordinator's own address first (so workers can reach it), then each missing worker.
 * Nodes the inventory does not know are reported, never removed (that is scale-in).
 */
public final class RegistrationPlanner {
    private RegistrationPlanner() {
    }

    /**
     * register: one running worker at {@code host:port}, which the inventory may not list. The
     * coordinator's own address first when pg_dist_node has none; nothing when it is registered and active.
     */
    public static Plan registerOne(Inventory inventory, List<DistNode> distNodes, String host, int port) {
        List<Action> actions = new ArrayList<>();
        if (distNodes.stream().noneMatch(DistNode::isCoordinatorRow)) {
            Node coordinator = inventory.coordinator();
            actions.add(new Action.SetCoordinatorHost(coordinator.name(), inventory.clusterAddressOf(coordinator), coordinator.port()));
        }
        String name = inventory.workers().stream().filter(w -> inventory.clusterAddressOf(w).equals(host) && w.port() == port)
                .map(Node::name).findFirst().orElse(host + ":" + port);
        Optional<DistNode> row = distNodes.stream()
                .filter(d -> !d.isCoordinatorRow() && d.host().equals(host) && d.port() == port).findFirst();
        if (row.isEmpty()) {
            actions.add(new Action.AddWorker(name, host, port));
        } else if (!row.get().active()) {
            actions.add(new Action.ActivateWorker(name, host, port));
        }
        return new Plan(actions, List.of());
    }

    public static Plan plan(Inventory inventory, List<DistNode> distNodes) {
        return plan(inventory, distNodes, java.util.Set.of());
    }

    /** {@code leaving}: host:port of the workers being drained and removed (not reported as unknown). */
    public static Plan plan(Inventory inventory, List<DistNode> distNodes, java.util.Set<String> leaving) {
        return plan(inventory, distNodes, leaving, java.util.Map.of());
    }

    /**
     * {@code localGroups}: each running worker's own group id (pg_dist_local_group), by name: a
     * worker whose row has another address is the same node moved, updated in place.
     */
    public static Plan plan(Inventory inventory, List<DistNode> distNodes, java.util.Set<String> leaving,
                            java.util.Map<String, Integer> localGroups) {
        return plan(inventory, distNodes, leaving, localGroups, java.util.Set.of());
    }

    /**
     * {@code closedByCitusDeploy}: host:port of the workers an earlier scale-in of citus-deploy's
     * closed to shards; those the inventory lists (again) take shards again. A worker closed by
     * hand stays closed.
     */
    public static Plan plan(Inventory inventory, List<DistNode> distNodes, java.util.Set<String> leaving,
                            java.util.Map<String, Integer> localGroups, java.util.Set<String> closedByCitusDeploy) {
        List<Action> actions = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Node coordinator = inventory.coordinator();
        String coordinatorHost = inventory.clusterAddressOf(coordinator);
        Optional<DistNode> coordinatorRow = distNodes.stream().filter(DistNode::isCoordinatorRow).findFirst();
        if (coordinatorRow.isEmpty() || !coordinatorRow.get().host().equals(coordinatorHost)
                || coordinatorRow.get().port() != coordinator.port()) {
            actions.add(new Action.SetCoordinatorHost(coordinator.name(), coordinatorHost, coordinator.port()));
        }
        for (Node worker : inventory.workers()) {
            String host = inventory.clusterAddressOf(worker);
            Optional<DistNode> row = distNodes.stream()
                    .filter(d -> !d.isCoordinatorRow() && d.host().equals(host) && d.port() == worker.port())
                    .findFirst();
            Optional<DistNode> moved = row.isPresent() ? Optional.empty() : distNodes.stream()
                    .filter(d -> !d.isCoordinatorRow() && d.groupId() > 0 && d.groupId() == localGroups.getOrDefault(worker.name(), -1))
                    .findFirst();
            if (moved.isPresent()) {
                actions.add(new Action.UpdateWorker(worker.name(), moved.get().nodeId(), moved.get().host(), moved.get().port(), host,
                        worker.port()));
            } else if (row.isEmpty()) {
                actions.add(new Action.AddWorker(worker.name(), host, worker.port()));
            } else if (!row.get().active()) {
                actions.add(new Action.ActivateWorker(worker.name(), host, worker.port()));
            }
            if (row.isPresent() && !row.get().shouldHaveShards() && closedByCitusDeploy.contains(host + ":" + worker.port())) {
                actions.add(new Action.AllowShards(worker.name(), host, worker.port()));
            }
        }
        for (DistNode row : distNodes) {
            boolean updated = actions.stream().anyMatch(a -> a instanceof Action.UpdateWorker u && u.nodeId() == row.nodeId());
            if (!row.isCoordinatorRow() && !updated && !leaving.contains(row.host() + ":" + row.port()) && inventory.workers().stream().noneMatch(w ->
                    inventory.clusterAddressOf(w).equals(row.host()) && w.port() == row.port())) {
                warnings.add("coordinator: pg_dist_node has " + row.role() + " " + row.host() + ":" + row.port()
                        + " (nodeid " + row.nodeId() + ") that the inventory does not list; left as it is");
            }
        }
        return new Plan(actions, warnings);
    }
}
