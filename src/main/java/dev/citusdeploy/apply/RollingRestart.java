package dev.citusdeploy.apply;

import dev.citusdeploy.CitusDeployException;
import dev.citusdeploy.ExitCode;
import dev.citusdeploy.Parallel;
import dev.citusdeploy.db.CitusAdmin;
import dev.citusdeploy.db.NodeDatabase;
import dev.citusdeploy.facts.ClusterFacts;
import dev.citusdeploy.host.DockerHost;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.Node;
import dev.citusdeploy.plan.Action;
import dev.citusdeploy.render.NodeLayout;
import dev.citusdeploy.report.Event;
import dev.citusdeploy.ssh.ServerSessions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Restarts running nodes without taking the cluster down at once: workers first, one at a time
 * (or {@code parallel} at a time), the coordinator last. Each node must accept connections again
 * and the coordinator's citus_check_cluster_node_health() must be all true before the next one
 * goes down; a node that does not come back stops the rollout, with the nodes left untouched.
 */
final class RollingRestart {
    private static final Duration HEALTH_POLL = Duration.ofMillis(500);

    private final Inventory inventory;
    private final ClusterFacts facts;
    private final ServerSessions connections;
    private final NodeDatabase databases;
    private final Consumer<Event> events;
    private final Duration timeout;

    RollingRestart(Inventory inventory, ClusterFacts facts, ServerSessions connections, NodeDatabase databases,
                   Consumer<Event> events, Duration timeout) {
        this.inventory = inventory;
        this.facts = facts;
        this.connections = connections;
        this.databases = databases;
        this.events = events;
        this.timeout = timeout;
    }

    /** Workers in inventory order, then the coordinator; one restart per node. */
    static List<Action.RestartNode> ordered(Inventory inventory, List<Action.RestartNode> restarts) {
        List<Action.RestartNode> ordered = new ArrayList<>();
        List<Node> order = new ArrayList<>(inventory.workers());
        order.add(inventory.coordinator());
        for (Node node : order) {
            restarts.stream().filter(r -> r.node().equals(node.name())).findFirst().ifPresent(ordered::add);
        }
        return ordered;
    }

    void run(List<Action.RestartNode> restarts, int parallel) {
        List<Action.RestartNode> workers = restarts.stream().filter(r -> !inventory.node(r.node()).isCoordinator()).toList();
        for (int from = 0; from < workers.size(); from += parallel) {
            List<Action.RestartNode> batch = workers.subList(from, Math.min(workers.size(), from + parallel));
            Parallel.run(batch, restart -> {
                restart(restart);
                return true;
            });
        }
        restarts.stream().filter(r -> inventory.node(r.node()).isCoordinator()).forEach(this::restart);
    }

    private void restart(Action.RestartNode restart) {
        Node node = inventory.node(restart.node());
        DockerHost host = facts.servers.get(node.server()).host;
        NodeLayout layout = NodeLayout.of(inventory, node);
        Steps.run(events, restart, () -> {
            if (restart.recreate()) {
                host.startAndWaitReady(node.name(), layout, node.port(), inventory.user(), inventory.database(), timeout);
            } else {
                host.restartAndWaitReady(node.name(), layout, node.port(), inventory.user(), inventory.database(), timeout);
            }
            waitClusterHealthy(node);
        });
    }

    /**
     * Polls the coordinator until citus_check_cluster_node_health() is all true: every node reaches
     * every other again (a fresh connection each time; the coordinator itself may have restarted).
     */
    private void waitClusterHealthy(Node restarted) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Node coordinator = inventory.coordinator();
        String last = "";
        while (true) {
            try (CitusAdmin admin = databases.open(inventory, coordinator, connections.of(coordinator.server()),
                    facts.password)) {
                if (admin.clusterHealthy()) {
                    return;
                }
                last = "some node pairs do not connect";
            } catch (CitusDeployException e) {
                last = e.lines().get(0);
            }
            if (System.nanoTime() > deadline) {
                throw new CitusDeployException(ExitCode.REMOTE_FAILURE, "node " + restarted.name() + " on server "
                        + restarted.server() + " restarted, but citus_check_cluster_node_health() on the coordinator was not"
                        + " all true within " + timeout.toSeconds() + " s (" + last + "); the nodes after it were not restarted");
            }
            try {
                Thread.sleep(HEALTH_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CitusDeployException(ExitCode.INTERNAL, "interrupted while waiting for the cluster's health", e);
            }
        }
    }
}
