package dev.citusdeploy.facts;

import dev.citusdeploy.db.DistNode;
import dev.citusdeploy.db.NodeShards;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.Node;
import java.util.List;

/**
 * The workers shards should move onto: those this run registers (in the inventory, not in
 * pg_dist_node), and registered ones that hold no shard while others do (added earlier without a
 * rebalance). None while the cluster has no distributed table.
 */
public final class ScaleOut {
    private ScaleOut() {
    }

    public static List<Node> targets(Inventory inventory, DatabaseFacts coordinator) {
        int total = coordinator.placements().stream().mapToInt(NodeShards::shards).sum();
        if (!coordinator.running() || total == 0) {
            return List.of();
        }
        return inventory.workers().stream().filter(w -> row(inventory, coordinator, w) == null
                || row(inventory, coordinator, w).shouldHaveShards() && placements(inventory, coordinator, w) == 0).toList();
    }

    /** The targets that pg_dist_node does not list yet (so Citus cannot tell what would move onto them). */
    public static List<Node> unregistered(Inventory inventory, DatabaseFacts coordinator) {
        return targets(inventory, coordinator).stream().filter(w -> row(inventory, coordinator, w) == null).toList();
    }

    private static DistNode row(Inventory inventory, DatabaseFacts coordinator, Node worker) {
        String host = inventory.clusterAddressOf(worker);
        return coordinator.distNodes().stream().filter(d -> !d.isCoordinatorRow() && d.host().equals(host) && d.port() == worker.port())
                .findFirst().orElse(null);
    }

    private static int placements(Inventory inventory, DatabaseFacts coordinator, Node worker) {
        String host = inventory.clusterAddressOf(worker);
        return coordinator.placements().stream().filter(p -> p.host().equals(host) && p.port() == worker.port())
                .mapToInt(NodeShards::shards).sum();
    }
}
