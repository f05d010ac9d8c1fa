package dev.citusdeploy.apply;

import dev.citusdeploy.Parallel;
import dev.citusdeploy.db.NodeDatabase;
import dev.citusdeploy.facts.ClusterFacts;
import dev.citusdeploy.facts.ServerFacts;
import dev.citusdeploy.host.DockerHost;
import dev.citusdeploy.report.Event;
import dev.citusdeploy.ssh.ServerSessions;
import dev.citusdeploy.db.CitusAdmin;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.Node;
import dev.citusdeploy.plan.Action;
import dev.citusdeploy.plan.Plan;
import dev.citusdeploy.render.NodeLayout;
import dev.citusdeploy.render.RenderedFile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Runs a plan in dependency order: the checks of every server before any server changes (a
 * barrier), then per server in parallel its uploads, starts and health waits, then (a barrier)
 * the database steps, reloads first. Each finished action is reported to {@code progress}.
 */
final class PlanExecutor {
    private final Inventory inventory;
    private final ClusterFacts facts;
    private final ServerSessions connections;
    private final NodeDatabase databases;
    private final Consumer<Event> events;
    private final Map<String, Duration> phases = new LinkedHashMap<>();

    PlanExecutor(Inventory inventory, ClusterFacts facts, ServerSessions connections, NodeDatabase databases,
                 Consumer<Event> events) {
        this.inventory = inventory;
        this.facts = facts;
        this.connections = connections;
        this.databases = databases;
        this.events = events;
    }

    /** How long each phase of the last run took: checks, servers, database. */
    Map<String, Duration> phases() {
        return phases;
    }

    /** Returns the warnings of the run (settings that wait for a restart). */
    List<String> execute(Plan plan, Duration healthTimeout) {
        List<String> servers = new ArrayList<>(facts.servers.keySet());
        long started = System.nanoTime();
        Parallel.run(servers, name -> {
            checkBeforeStart(facts.servers.get(name), plan);
            return true;
        });
        started = phase("checks", started);
        Map<String, RenderedFile> files = new HashMap<>();
        facts.files.values().forEach(list -> list.forEach(f -> files.put(f.server() + ":" + f.path(), f)));
        Parallel.run(servers, name -> {
            changeServer(facts.servers.get(name).host, plan, files, healthTimeout);
            return true;
        });
        started = phase("servers", started);
        List<String> warnings = database(plan);
        phase("database", started);
        return warnings;
    }

    private long phase(String name, long started) {
        long now = System.nanoTime();
        phases.put(name, Duration.ofNanos(now - started));
        return now;
    }

    private void step(Action action, Runnable work) {
        Steps.run(events, action, work);
    }

    /** Before a container starts on this server: the image has Citus and runs the major of the node's data. */
    private void checkBeforeStart(ServerFacts server, Plan plan) {
        List<String> starting = plan.actionsOf(Action.StartNode.class).stream().map(Action::node)
                .filter(server.nodes::containsKey).toList();
        if (starting.isEmpty()) {
            return;
        }
        for (Action.CheckImage check : plan.actionsOf(Action.CheckImage.class)) {
            if (check.node().equals(server.host.server())) {
                step(check, () -> {
                    server.image.requireCitus();
                    server.requireSameMajor(inventory, starting);
                });
            }
        }
    }

    /** Uploads, starts and waits for the nodes of one server. */
    private void changeServer(DockerHost host, Plan plan, Map<String, RenderedFile> files, Duration healthTimeout) {
        Map<String, Node> byName = new HashMap<>();
        inventory.nodesOn(inventory.server(host.server())).forEach(n -> byName.put(n.name(), n));
        for (Action.UploadFile upload : plan.actionsOf(Action.UploadFile.class)) {
            if (upload.server().equals(host.server())) {
                step(upload, () -> host.upload(files.get(upload.server() + ":" + upload.path())));
            }
        }
        for (Action.StartNode start : plan.actionsOf(Action.StartNode.class)) {
            if (byName.containsKey(start.node())) {
                NodeLayout layout = NodeLayout.of(inventory, byName.get(start.node()));
                step(start, () -> {
                    host.composeUp(layout);
                    host.waitHealthy(start.node(), layout, healthTimeout);
                });
            }
        }
        for (Node node : byName.values()) {
            host.waitHealthy(node.name(), NodeLayout.of(inventory, node), healthTimeout);
        }
    }

    /** Reloads, the extension on every node that lacks it, then registration; nothing to open when none. */
    private List<String> database(Plan plan) {
        List<Action> steps = plan.actions().stream().filter(a -> a instanceof Action.ReloadConfiguration
                || a instanceof Action.CreateExtension || a instanceof Action.SetCoordinatorHost
                || a instanceof Action.AddWorker || a instanceof Action.ActivateWorker).toList();
        if (steps.isEmpty()) {
            return List.of();
        }
        Map<String, CitusAdmin> admins = new ConcurrentHashMap<>();
        try {
            Parallel.run(inventory.nodes(), node -> admins.put(node.name(),
                    databases.open(inventory, node, connections.of(node.server()), facts.password)));
            Map<String, CitusAdmin> ordered = new LinkedHashMap<>();
            inventory.nodes().forEach(n -> ordered.put(n.name(), admins.get(n.name())));
            ClusterSetup setup = new ClusterSetup(inventory, ordered);
            List<String> warnings = new ArrayList<>();
            for (Action.ReloadConfiguration reload : plan.actionsOf(Action.ReloadConfiguration.class)) {
                step(reload, () -> setup.reload(reload).ifPresent(warnings::add));
            }
            steps.stream().filter(a -> !(a instanceof Action.ReloadConfiguration)).forEach(a -> step(a, () -> setup.execute(a)));
            return warnings;
        } finally {
            admins.values().forEach(CitusAdmin::close);
        }
    }
}
