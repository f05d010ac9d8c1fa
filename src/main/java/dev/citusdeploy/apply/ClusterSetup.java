package dev.citusdeploy.apply;

import dev.citusdeploy.db.CitusAdmin;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.plan.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the database steps of a plan once every node is healthy: reloads, the citus extension on
 * every node, then the coordinator's own address and the missing workers in pg_dist_node.
 */
final class ClusterSetup {
    private final Inventory inventory;
    private final Map<String, CitusAdmin> admins;

    ClusterSetup(Inventory inventory, Map<String, CitusAdmin> admins) {
        this.inventory = inventory;
        this.admins = admins;
    }

    /** Reloads one node's configuration; returns the settings that still wait for a restart. */
    List<String> reload(Action.ReloadConfiguration reload) {
        CitusAdmin admin = admins.get(reload.node());
        admin.reloadConfiguration();
        return admin.pendingRestart();
    }

    void execute(Action action) {
        if (action instanceof Action.CreateExtension create) {
            admins.get(create.node()).createCitusExtension();
        } else if (action instanceof Action.SetCoordinatorHost set) {
            admins.get(set.node()).setCoordinatorHost(set.host(), set.port());
        } else if (action instanceof Action.AddWorker add) {
            coordinator().addNode(add.host(), add.port());
            // Predicted while the coordinator was not running: the row may have been there, inactive.
            boolean inactive = coordinator().distNodes().stream()
                    .anyMatch(d -> d.host().equals(add.host()) && d.port() == add.port() && !d.active());
            if (inactive) {
                coordinator().activateNode(add.host(), add.port());
            }
        } else if (action instanceof Action.UpdateWorker update) {
            coordinator().updateNode(update.nodeId(), update.host(), update.port());
        } else if (action instanceof Action.ActivateWorker activate) {
            coordinator().activateNode(activate.host(), activate.port());
        } else if (action instanceof Action.AllowShards allow) {
            coordinator().setShouldHaveShards(allow.host(), allow.port(), true);
        } else {
            throw new IllegalArgumentException("not a database action: " + action);
        }
    }

    private CitusAdmin coordinator() {
        return admins.get(inventory.coordinator().name());
    }
}
