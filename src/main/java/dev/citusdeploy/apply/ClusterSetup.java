package dev.citusdeploy.apply;

import dev.citusdeploy.CitusDeployException;
import dev.citusdeploy.ExitCode;
import dev.citusdeploy.db.CitusAdmin;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.Node;
import dev.citusdeploy.plan.Action;
import dev.citusdeploy.plan.Plan;
import dev.citusdeploy.plan.RegistrationPlanner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The database half of apply, once every node is healthy: the citus extension on every node, then
 * the coordinator's own address and the missing workers in pg_dist_node.
 */
final class ClusterSetup {
    private final Inventory inventory;
    private final Map<String, CitusAdmin> admins;
    private final Consumer<Action> progress;

    ClusterSetup(Inventory inventory, Map<String, CitusAdmin> admins, Consumer<Action> progress) {
        this.inventory = inventory;
        this.admins = admins;
        this.progress = progress;
    }

    /** Extension and registration steps still needed; asks the nodes, changes nothing. */
    Plan planExtensions() {
        List<Action> actions = new ArrayList<>();
        for (Node node : inventory.nodes()) {
            CitusAdmin admin = admins.get(node.name());
            if (admin.installedCitusVersion().isEmpty()) {
                if (!admin.citusAvailable()) {
                    throw new CitusDeployException(ExitCode.REMOTE_FAILURE, "node " + node.name() + " on server "
                            + node.server() + ": the image " + inventory.image() + " has no citus extension"
                            + " (not in pg_available_extensions)");
                }
                actions.add(new Action.CreateExtension(node.name()));
            }
        }
        return new Plan(actions, List.of());
    }

    Plan planRegistration() {
        return RegistrationPlanner.plan(inventory, admins.get(inventory.coordinator().name()).distNodes());
    }

    /** Reloads configuration on the given nodes; returns warnings for settings waiting for a restart. */
    List<String> reload(List<Action.ReloadConfiguration> reloads) {
        List<String> warnings = new ArrayList<>();
        for (Action.ReloadConfiguration reload : reloads) {
            CitusAdmin admin = admins.get(reload.node());
            admin.reloadConfiguration();
            progress.accept(reload);
            List<String> pending = admin.pendingRestart();
            if (!pending.isEmpty()) {
                warnings.add("node " + reload.node() + ": restart needed for " + String.join(", ", pending)
                        + " (docker restart the node's container; workers first, coordinator last)");
            }
        }
        return warnings;
    }

    void execute(Action action) {
        if (action instanceof Action.CreateExtension create) {
            admins.get(create.node()).createCitusExtension();
        } else if (action instanceof Action.SetCoordinatorHost set) {
            admins.get(set.node()).setCoordinatorHost(set.host(), set.port());
        } else if (action instanceof Action.AddWorker add) {
            coordinator().addNode(add.host(), add.port());
        } else if (action instanceof Action.ActivateWorker activate) {
            coordinator().activateNode(activate.host(), activate.port());
        } else {
            throw new IllegalArgumentException("not a database action: " + action);
        }
        progress.accept(action);
    }

    private CitusAdmin coordinator() {
        return admins.get(inventory.coordinator().name());
    }
}
