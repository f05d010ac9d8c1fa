package dev.citusdeploy.plan;

import dev.citusdeploy.facts.ClusterObject;
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
 * exists. Pure. Per server: its containers (the coordinator's listed first), then data, then the
 * network; LifecycleService stops a server's containers together.
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
        return plan(inventory, deleteData, containers, data, networks, java.util.Map.of());
    }

    /**
     * @param found for destroy, what each listed server has of the cluster (by its labels and in
     *              its folder): what belongs to no node of the inventory there (a removed
     *              worker's kept volume and folder, a container a cut-short scale-in left) goes too
     */
    public static Plan plan(Inventory inventory, boolean deleteData, Set<String> containers, Set<String> data,
                            Set<String> networks, java.util.Map<String, List<ClusterObject>> found) {
        List<Action> actions = new ArrayList<>();
        Node coordinator = inventory.coordinator();
        if (containers.contains(coordinator.name())) {
            actions.add(new Action.RemoveContainer(coordinator.name(), coordinator.server(),
                    NodeLayout.of(inventory, coordinator).container()));
        }
        for (Server server : inventory.servers()) {
            for (Node node : inventory.nodesOn(server)) {
                NodeLayout layout = NodeLayout.of(inventory, node);
                if (containers.contains(node.name()) && !node.isCoordinator()) {
                    actions.add(new Action.RemoveContainer(node.name(), server.name(), layout.container()));
                }
                if (deleteData && data.contains(node.name())) {
                    actions.add(new Action.DeleteData(node.name(), server.name(), layout.volume(), layout.dir()));
                }
            }
            if (deleteData) {
                actions.addAll(leftovers(inventory, server, found.getOrDefault(server.name(), List.of())));
            }
            if (inventory.network() == Network.PRIVATE && networks.contains(server.name())) {
                actions.add(new Action.RemoveNetwork(server.name(), NodeLayout.networkName(inventory)));
            }
        }
        return new Plan(actions, List.of());
    }

    /** What {@code server} has of nodes the inventory does not put there: containers first, then their data. */
    private static List<Action> leftovers(Inventory inventory, Server server, List<ClusterObject> found) {
        Set<String> here = new java.util.HashSet<>(inventory.nodesOn(server).stream().map(Node::name).toList());
        java.util.Map<String, List<ClusterObject>> byNode = new java.util.TreeMap<>();
        found.stream().filter(o -> !here.contains(o.node())).forEach(o -> byNode.computeIfAbsent(o.node(), n -> new ArrayList<>()).add(o));
        List<Action> containers = new ArrayList<>();
        List<Action> data = new ArrayList<>();
        byNode.forEach((node, objects) -> {
            objects.stream().filter(o -> o.kind() == ClusterObject.Kind.CONTAINER)
                    .forEach(o -> containers.add(new Action.RemoveContainer(node, server.name(), o.name())));
            List<String> volumes = objects.stream().filter(o -> o.kind() == ClusterObject.Kind.VOLUME).map(ClusterObject::name).toList();
            List<String> folders = objects.stream().filter(o -> o.kind() == ClusterObject.Kind.FOLDER).map(ClusterObject::name).toList();
            for (int i = 0; i < Math.max(volumes.size(), folders.size()); i++) {
                data.add(new Action.DeleteData(node, server.name(), i < volumes.size() ? volumes.get(i) : "",
                        i < folders.size() ? folders.get(i) : ""));
            }
        });
        containers.addAll(data);
        return containers;
    }
}
