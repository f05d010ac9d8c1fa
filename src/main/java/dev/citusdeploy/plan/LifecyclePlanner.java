package dev.citusdeploy.plan;

import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.Network;
import dev.citusdeploy.inventory.Node;
import dev.citusdeploy.inventory.Server;
import dev.citusdeploy.render.NodeLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Plans {@code down} (containers go, data stays) and {@code destroy} (data goes too) from what
 * exists. Pure. The coordinator stops first, alone, then the workers: a coordinator whose workers
 * are gone can hang in its shutdown (Citus' maintenance daemon keeps waiting on them, past Docker's
 * two-minute grace, and is then killed), while workers shut down cleanly with or without it.
 */
public final class LifecyclePlanner {
    private LifecyclePlanner() {
    }

    /**
     * @param containers nodes whose container exists
     * @param data       nodes whose volume or folder exists
     * @param networks   servers that have the cluster's private network
     */
    public static Plan plan(Inventory inventory, boolean deleteData, Set<String> containers, Set<String> data,
                            Set<String> networks) {
        List<Action> actions = new ArrayList<>();
        Node coordinator = inventory.coordinator();
        if (containers.contains(coordinator.name())) {
            actions.add(new Action.RemoveContainer(coordinator.name(), coordinator.server(),
                    NodeLayout.of(inventory, coordinator).container()));
        }
        for (Server server : inventory.usedServers()) {
            for (Node node : inventory.nodesOn(server)) {
                NodeLayout layout = NodeLayout.of(inventory, node);
                if (containers.contains(node.name()) && !node.isCoordinator()) {
                    actions.add(new Action.RemoveContainer(node.name(), server.name(), layout.container()));
                }
                if (deleteData && data.contains(node.name())) {
                    actions.add(new Action.DeleteData(node.name(), server.name(), layout.volume(), layout.dir()));
                }
            }
            if (inventory.network() == Network.PRIVATE && networks.contains(server.name())) {
                actions.add(new Action.RemoveNetwork(server.name(), NodeLayout.networkName(inventory)));
            }
        }
        return new Plan(actions, List.of());
    }
}
