package dev.citusdeploy.facts;

import dev.citusdeploy.db.DistNode;
import dev.citusdeploy.db.NodeShards;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.Node;
import java.util.List;

/**
 * The workers shards should move onto: those this run registers (in the inventory, not in
 * pg_dist_node), and registered ones that hold no shard while others do (added earlier without a
 * rebalance, or drained by a scale-in that was cut short and put back in the inventory: this run
 * opens them again). None while the cluster has no distributed table.
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
                || opens(coordinator, row(inventory, coordinator, w)) && placements(inventory, coordinator, w) == 0).toList();
    }

    /**
     * The targets Citus cannot tell yet what would move onto: not registered, or closed to shards
     * until this run opens them.
     */
    public static List<Node> notOpenYet(Inventory inventory, DatabaseFacts coordinator) {
        return targets(inventory, coordinator).stream().filter(w -> row(inventory, coordinator, w) == null
                || !row(inventory, coordinator, w).shouldHaveShards()).toList();
    }

    /** Open to shards, or closed by citus-deploy's own scale-in (this run opens it again). */
    private static boolean opens(DatabaseFacts coordinator, DistNode row) {
        return row.shouldHaveShards() || coordinator.closedByCitusDeploy().contains(row.host() + ":" + row.port());
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
