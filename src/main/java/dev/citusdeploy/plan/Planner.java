package dev.citusdeploy.plan;

import dev.citusdeploy.facts.DatabaseFacts;
import dev.citusdeploy.facts.NodeFacts;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.Node;
import dev.citusdeploy.render.RenderedFile;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The whole plan, before anything changes: (inventory, rendered files, facts) -> Plan. Pure.
 *
 * <p>Order: image checks, uploads, container starts, configuration checks and reloads, the
 * database steps, then the restarts of running nodes (workers first, the coordinator last). Database
 * steps of a node whose PostgreSQL is not running yet (a new node, a stopped one) are predicted
 * from what a fresh node needs; they are idempotent, so a prediction that turns out already done
 * changes nothing when it runs.
 */
public final class Planner {
    private Planner() {
    }

    /**
     * @param files       each node's rendered files (secrets included), by node name
     * @param facts       each node's facts, by node name
     * @param imageMajors the PostgreSQL major of the inventory's image on each server, by server name
     */
    public static Plan plan(Inventory inventory, Map<String, List<RenderedFile>> files, Map<String, NodeFacts> facts,
                            Map<String, Integer> imageMajors) {
        return plan(inventory, files, facts, imageMajors, Plan.empty());
    }

    /**
     * {@code scaleIn}: the drain and removal of the workers the inventory no longer lists (see
     * {@link ScaleInPlanner}), run after registration and before the rolling restarts.
     */
    public static Plan plan(Inventory inventory, Map<String, List<RenderedFile>> files, Map<String, NodeFacts> facts,
                            Map<String, Integer> imageMajors, Plan scaleIn) {
        Plan hosts = Plan.empty();
        for (Node node : inventory.nodes()) {
            hosts = hosts.then(NodePlanner.plan(node.name(), files.get(node.name()), facts.get(node.name())));
        }
        Set<String> starting = new LinkedHashSet<>(hosts.actionsOf(Action.StartNode.class).stream().map(Action::node).toList());
        hosts.actionsOf(Action.RestartNode.class).stream().filter(Action.RestartNode::recreate).forEach(r -> starting.add(r.node()));
        List<Action> images = new ArrayList<>();
        for (Node node : inventory.nodes()) {
            boolean first = images.stream().noneMatch(a -> a.node().equals(node.server()));
            if (starting.contains(node.name()) && first) {
                images.add(new Action.CheckImage(node.server(), inventory.image(), imageMajors.get(node.server())));
            }
        }
        List<Action> restarts = new ArrayList<>();
        List<Node> order = new ArrayList<>(inventory.workers());
        order.add(inventory.coordinator());
        for (Node node : order) {
            hosts.actionsOf(Action.RestartNode.class).stream().filter(r -> r.node().equals(node.name())).forEach(restarts::add);
        }
        Plan changes = new Plan(hosts.actions().stream().filter(a -> !(a instanceof Action.RestartNode)).toList(),
                hosts.warnings());
        Set<String> leaving = new LinkedHashSet<>();
        scaleIn.actionsOf(Action.RemoveWorker.class).forEach(r -> leaving.add(r.host() + ":" + r.port()));
        return new Plan(images, List.of()).then(changes).then(database(inventory, facts, leaving)).then(scaleIn)
                .then(new Plan(restarts, List.of()));
    }

    /** A restart keeps the data: what a running node's database already has stays done. */
    private static Plan database(Inventory inventory, Map<String, NodeFacts> facts, Set<String> leaving) {
        List<Action> extensions = new ArrayList<>();
        for (Node node : inventory.nodes()) {
            DatabaseFacts database = facts.get(node.name()).database();
            if (!database.running() || database.citusExtension().isEmpty()) {
                extensions.add(new Action.CreateExtension(node.name()));
            }
        }
        DatabaseFacts coordinator = facts.get(inventory.coordinator().name()).database();
        Map<String, Integer> localGroups = new java.util.HashMap<>();
        facts.forEach((name, node) -> {
            if (node.database().localGroup() > 0) {
                localGroups.put(name, node.database().localGroup());
            }
        });
        Plan registration = RegistrationPlanner.plan(inventory, coordinator.running() ? coordinator.distNodes() : List.of(), leaving,
                localGroups, Set.copyOf(coordinator.closedByCitusDeploy()));
        return new Plan(extensions, List.of()).then(registration);
    }
}
