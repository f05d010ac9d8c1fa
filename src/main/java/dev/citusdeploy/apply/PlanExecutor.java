package dev.citusdeploy.apply;

import dev.citusdeploy.CitusDeployException;
import dev.citusdeploy.ExitCode;
import dev.citusdeploy.Parallel;
import dev.citusdeploy.db.CitusAdmin;
import dev.citusdeploy.db.NodeDatabase;
import dev.citusdeploy.facts.ClusterFacts;
import dev.citusdeploy.facts.ServerFacts;
import dev.citusdeploy.host.DockerHost;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.Node;
import dev.citusdeploy.plan.Action;
import dev.citusdeploy.plan.Plan;
import dev.citusdeploy.render.NodeLayout;
import dev.citusdeploy.render.RenderedFile;
import dev.citusdeploy.report.Event;
import dev.citusdeploy.ssh.ServerSessions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Runs a plan in dependency order: the checks of every server before any server changes (a
 * barrier); per server in parallel its uploads, and the starts of nodes that are not running;
 * then (a barrier) the database steps: the new configuration checked on every node that gets one
 * (rejected: the old files go back everywhere, nothing counts), reloads, extension, registration;
 * last the rolling restart of running nodes, one at a time. Each step is reported to {@code events}.
 */
final class PlanExecutor {
    private final Inventory inventory;
    private final ClusterFacts facts;
    private final ServerSessions connections;
    private final NodeDatabase databases;
    private final Consumer<Event> events;
    private final Map<String, Duration> phases = new LinkedHashMap<>();
    private final List<Action> deferred = new ArrayList<>();

    PlanExecutor(Inventory inventory, ClusterFacts facts, ServerSessions connections, NodeDatabase databases,
                 Consumer<Event> events) {
        this.inventory = inventory;
        this.facts = facts;
        this.connections = connections;
        this.databases = databases;
        this.events = events;
    }

    /** How long each phase of the last run took: checks, servers, database, restarts. */
    Map<String, Duration> phases() {
        return phases;
    }

    /** The plan's actions the last run left for later (--no-restart): restarts, and compose files not uploaded. */
    List<Action> deferred() {
        return deferred;
    }

    /** Returns the warnings of the run (restarts left for later). */
    List<String> execute(Plan plan, ApplyOptions options) {
        List<String> servers = new ArrayList<>(facts.servers.keySet());
        List<String> warnings = new ArrayList<>();
        Set<String> deferredNodes = new LinkedHashSet<>();
        if (options.noRestart()) {
            for (Action.RestartNode restart : plan.actionsOf(Action.RestartNode.class)) {
                deferredNodes.add(restart.node());
                this.deferred.add(restart);
                plan.actionsOf(Action.UploadFile.class).stream().filter(u -> u.node().equals(restart.node())
                        && u.fileName().equals(NodeLayout.COMPOSE_FILE)).forEach(this.deferred::add);
                warnings.add("node " + restart.node() + ": not restarted (--no-restart): " + restart.reason()
                        + (restart.recreate() ? "; its new compose file was not uploaded" : "")
                        + "; the next apply without --no-restart restarts it");
            }
        }
        long started = System.nanoTime();
        Parallel.run(servers, name -> {
            checkBeforeStart(facts.servers.get(name), plan, deferredNodes);
            return true;
        });
        started = phase("checks", started);
        Map<String, RenderedFile> files = new HashMap<>();
        facts.files.values().forEach(list -> list.forEach(f -> files.put(f.server() + ":" + f.path(), f)));
        Parallel.run(servers, name -> {
            changeServer(facts.servers.get(name).host, plan, files, deferredNodes, options.healthTimeout());
            return true;
        });
        started = phase("servers", started);
        Set<String> pending = database(plan);
        started = phase("database", started);
        if (!plan.actionsOf(Action.RemoveWorker.class).isEmpty() || !leavingContainers(plan).isEmpty()) {
            scaleIn(plan, options);
            started = phase("scale-in", started);
        }
        for (Action.Rebalance rebalance : plan.actionsOf(Action.Rebalance.class)) {
            moveShards(rebalance, options, admin -> admin.startRebalance(rebalance.transferMode()));
            started = phase("rebalance", started);
        }
        List<Action.RestartNode> restarts = restarts(plan, pending, deferredNodes, warnings, options.noRestart());
        if (!restarts.isEmpty()) {
            new RollingRestart(inventory, facts, connections, databases, events, options.healthTimeout())
                    .run(restarts, options.restartParallel());
            phase("restarts", started);
        }
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

    /** Nodes that start a new container on this server: new or stopped ones, and recreated ones. */
    private static List<String> starting(ServerFacts server, Plan plan, Set<String> deferred) {
        List<String> starting = new ArrayList<>(plan.actionsOf(Action.StartNode.class).stream().map(Action::node).toList());
        plan.actionsOf(Action.RestartNode.class).stream().filter(r -> r.recreate() && !deferred.contains(r.node()))
                .forEach(r -> starting.add(r.node()));
        return starting.stream().filter(server.nodes::containsKey).toList();
    }

    /** Before a container starts on this server: the image has Citus and runs the major of the node's data. */
    private void checkBeforeStart(ServerFacts server, Plan plan, Set<String> deferred) {
        List<String> starting = starting(server, plan, deferred);
        if (starting.isEmpty()) {
            return;
        }
        server.host.requireCompose();
        for (Action.CheckImage check : plan.actionsOf(Action.CheckImage.class)) {
            if (check.node().equals(server.host.server())) {
                step(check, () -> {
                    server.image.requireCitus();
                    server.requireSameMajor(inventory, starting);
                });
            }
        }
    }

    /** Uploads, then starts and waits for the nodes of one server that are not running. */
    private void changeServer(DockerHost host, Plan plan, Map<String, RenderedFile> files, Set<String> deferred,
                              Duration healthTimeout) {
        Map<String, Node> byName = new HashMap<>();
        inventory.nodesOn(inventory.server(host.server())).forEach(n -> byName.put(n.name(), n));
        // One command per node writes all of its changed files; a deferred recreate keeps its old compose file.
        Map<String, List<Action.UploadFile>> uploads = new LinkedHashMap<>();
        for (Action.UploadFile upload : plan.actionsOf(Action.UploadFile.class)) {
            boolean keep = deferred.contains(upload.node()) && upload.fileName().equals(NodeLayout.COMPOSE_FILE);
            if (upload.server().equals(host.server()) && !keep) {
                uploads.computeIfAbsent(upload.node(), n -> new ArrayList<>()).add(upload);
            }
        }
        uploads.values().forEach(node -> Steps.runTogether(events, node, () -> host.uploadAll(
                node.stream().map(u -> files.get(u.server() + ":" + u.path())).toList())));
        for (Action.RefreshCredentials refresh : plan.actionsOf(Action.RefreshCredentials.class)) {
            if (byName.containsKey(refresh.node())) {
                step(refresh, () -> host.refreshCredentials(NodeLayout.of(inventory, byName.get(refresh.node()))));
            }
        }
        for (Action.StartNode start : plan.actionsOf(Action.StartNode.class)) {
            if (byName.containsKey(start.node())) {
                NodeLayout layout = NodeLayout.of(inventory, byName.get(start.node()));
                step(start, () -> {
                    Node node = byName.get(start.node());
                    if (facts.nodes.get(start.node()).container().status().equals("restarting")) {
                        // Docker keeps restarting it (PostgreSQL failed on an earlier file): start it afresh now.
                        host.composeUp(layout);
                        host.restart(layout);
                        waitReady(host, node, healthTimeout);
                    } else {
                        host.startAndWaitReady(node.name(), layout, node.port(), inventory.user(), inventory.database(), healthTimeout);
                    }
                });
            }
        }
        // Nodes this run did not start are waited for too, unless they were healthy already.
        List<String> started = plan.actionsOf(Action.StartNode.class).stream().map(Action::node).toList();
        for (Node node : byName.values()) {
            if (!started.contains(node.name()) && !facts.nodes.get(node.name()).container().healthy()) {
                waitReady(host, node, healthTimeout);
            }
        }
    }

    private void waitReady(DockerHost host, Node node, Duration timeout) {
        host.waitReady(node.name(), NodeLayout.of(inventory, node), node.port(), inventory.user(), inventory.database(), timeout);
    }

    /**
     * Configuration checks, reloads, the extension on every node that lacks it, then registration;
     * nothing to open when none. Returns the nodes whose settings wait for a restart after the reload.
     */
    private Set<String> database(Plan plan) {
        List<Action> steps = plan.actions().stream().filter(a -> a instanceof Action.CheckConfiguration
                || a instanceof Action.ReloadConfiguration || a instanceof Action.CreateExtension
                || a instanceof Action.SetCoordinatorHost || a instanceof Action.AddWorker
                || a instanceof Action.ActivateWorker || a instanceof Action.UpdateWorker
                || a instanceof Action.AllowShards).toList();
        if (steps.isEmpty()) {
            return Set.of();
        }
        Map<String, CitusAdmin> admins = new ConcurrentHashMap<>();
        try {
            Parallel.run(inventory.nodes(), node -> admins.put(node.name(),
                    databases.open(inventory, node, connections.of(node.server()), facts.password)));
            Map<String, CitusAdmin> ordered = new LinkedHashMap<>();
            inventory.nodes().forEach(n -> ordered.put(n.name(), admins.get(n.name())));
            checkConfiguration(plan.actionsOf(Action.CheckConfiguration.class), ordered);
            ClusterSetup setup = new ClusterSetup(inventory, ordered);
            Set<String> pending = new LinkedHashSet<>();
            for (Action.ReloadConfiguration reload : plan.actionsOf(Action.ReloadConfiguration.class)) {
                step(reload, () -> {
                    if (!setup.reload(reload).isEmpty()) {
                        pending.add(reload.node());
                    }
                });
            }
            steps.stream().filter(a -> !(a instanceof Action.ReloadConfiguration) && !(a instanceof Action.CheckConfiguration))
                    .forEach(a -> step(a, () -> setup.execute(a)));
            return pending;
        } finally {
            admins.values().forEach(CitusAdmin::close);
        }
    }

    /**
     * Every node's new configuration is checked before any of it counts. One rejected: the previous
     * files go back on every checked node (the cluster keeps one configuration), and the run fails
     * naming each node, file, setting and PostgreSQL's message.
     */
    private void checkConfiguration(List<Action.CheckConfiguration> checks, Map<String, CitusAdmin> admins) {
        if (checks.isEmpty()) {
            return;
        }
        Map<String, List<String>> rejected = new ConcurrentHashMap<>();
        Parallel.run(checks, check -> {
            Node node = inventory.node(check.node());
            DockerHost host = facts.servers.get(node.server()).host;
            try {
                step(check, () -> {
                    List<String> problems = new ArrayList<>();
                    host.postgresConfProblem(NodeLayout.of(inventory, node))
                            .ifPresent(p -> problems.add(NodeLayout.POSTGRESQL_CONF + ": " + p));
                    problems.addAll(admins.get(check.node()).configurationErrors());
                    if (!problems.isEmpty()) {
                        rejected.put(check.node(), problems);
                        throw new CitusDeployException(ExitCode.REMOTE_FAILURE, "node " + check.node() + ": "
                                + String.join("; ", problems));
                    }
                });
            } catch (CitusDeployException e) {
                rejected.putIfAbsent(check.node(), e.lines());
            }
            return true;
        });
        if (rejected.isEmpty()) {
            return;
        }
        Map<Action.CheckConfiguration, Boolean> restored = Parallel.run(checks, this::restoreConfiguration);
        List<String> lines = new ArrayList<>();
        for (Action.CheckConfiguration check : checks) {
            if (rejected.containsKey(check.node())) {
                rejected.get(check.node()).forEach(p -> lines.add("node " + check.node() + " on server "
                        + inventory.node(check.node()).server() + " rejects its new configuration: "
                        + p.replaceFirst("^node " + java.util.regex.Pattern.quote(check.node()) + ": ", "")));
            }
        }
        List<String> back = checks.stream().filter(restored::get).map(Action::node).toList();
        List<String> stale = checks.stream().filter(c -> !restored.get(c)).map(Action::node).toList();
        if (!back.isEmpty()) {
            lines.add("the previous configuration files are back on " + String.join(", ", back));
        }
        if (!stale.isEmpty()) {
            lines.add("the files on " + String.join(", ", stale) + " were already the new ones (an earlier run stopped before"
                    + " its reload) and stay: their running servers do not read them until a reload or restart");
        }
        lines.add("nothing was reloaded or restarted; fix the inventory and run apply again");
        throw new CitusDeployException(ExitCode.REMOTE_FAILURE, lines, null);
    }

    /** Puts the server's previous copy of the node's changed configuration files back; false when none is known. */
    private boolean restoreConfiguration(Action.CheckConfiguration check) {
        Node node = inventory.node(check.node());
        NodeLayout layout = NodeLayout.of(inventory, node);
        Map<String, String> before = facts.nodes.get(check.node()).fileTexts();
        List<RenderedFile> previous = new ArrayList<>();
        for (String file : check.files()) {
            String path = layout.path(file);
            if (before.containsKey(path)) {
                previous.add(RenderedFile.text(node.server(), path, before.get(path), 0644));
            }
        }
        if (!previous.isEmpty()) {
            facts.servers.get(node.server()).host.uploadAll(previous);
        }
        return !previous.isEmpty();
    }

    /**
     * Starts a background job of shard moves and follows it with progress to its end; a job an
     * earlier (interrupted) run started is followed to its end first.
     */
    private void follow(CitusAdmin admin, ApplyOptions options, java.util.function.Supplier<java.util.Optional<Long>> start) {
        String coordinator = inventory.coordinator().name();
        RebalanceWatch watch = new RebalanceWatch(admin, line -> events.accept(Event.progress(coordinator, line.strip())),
                Duration.ofSeconds(1));
        admin.activeJobs().forEach(job -> watch.follow(job, options.moveTimeout()));
        start.get().ifPresent(job -> watch.follow(job, options.moveTimeout()));
        try {
            // What interrupted moves left behind (shards, subscriptions, slots) goes now, not at Citus' next sweep.
            admin.cleanupOrphanedResources();
        } catch (CitusDeployException e) {
            events.accept(Event.progress(coordinator, "cleanup of orphaned resources failed (Citus retries it): " + e.lines().get(0)));
        }
    }

    /** One step of shard moves on the coordinator (a rebalance onto new workers). */
    private void moveShards(Action action, ApplyOptions options, java.util.function.Function<CitusAdmin, java.util.Optional<Long>> start) {
        Node coordinator = inventory.coordinator();
        try (CitusAdmin admin = databases.open(inventory, coordinator, connections.of(coordinator.server()), facts.password)) {
            step(action, () -> follow(admin, options, () -> start.apply(admin)));
        }
    }

    /** The plan's container removals of leaving workers (scale-in), with their data deletions. */
    private List<Action> leavingContainers(Plan plan) {
        List<String> leaving = facts.leaving.stream().map(dev.citusdeploy.facts.LeavingWorker::name).toList();
        return plan.actions().stream().filter(a -> (a instanceof Action.RemoveContainer || a instanceof Action.DeleteData)
                && leaving.contains(a.node())).toList();
    }

    /**
     * Scale-in: the leaving workers take no new shard, their shards move to the others (one
     * background job, followed with progress), each is checked to hold none and then removed from
     * pg_dist_node, and last their containers stop (their volumes stay unless purged).
     */
    private void scaleIn(Plan plan, ApplyOptions options) {
        Node coordinator = inventory.coordinator();
        if (!plan.actionsOf(Action.RemoveWorker.class).isEmpty()) {
            try (CitusAdmin admin = databases.open(inventory, coordinator, connections.of(coordinator.server()), facts.password)) {
                for (Action.DisallowShards disallow : plan.actionsOf(Action.DisallowShards.class)) {
                    step(disallow, () -> admin.setShouldHaveShards(disallow.host(), disallow.port(), false));
                }
                for (Action.DrainWorkers drain : plan.actionsOf(Action.DrainWorkers.class)) {
                    step(drain, () -> follow(admin, options, () -> admin.startDrain(drain.transferMode())));
                }
                for (Action.RemoveWorker remove : plan.actionsOf(Action.RemoveWorker.class)) {
                    step(remove, () -> {
                        int left = admin.distributedShardsPerNode().stream()
                                .filter(s -> s.host().equals(remove.host()) && s.port() == remove.port())
                                .mapToInt(dev.citusdeploy.db.NodeShards::shards).sum();
                        if (left > 0) {
                            throw new CitusDeployException(ExitCode.REMOTE_FAILURE, "node " + remove.node() + " still holds " + left
                                    + " shard placements after the drain; it was not removed (run apply again to finish the drain)");
                        }
                        admin.removeNode(remove.host(), remove.port());
                    });
                }
            }
        }
        List<Action> removals = leavingContainers(plan);
        Parallel.run(facts.leaving, worker -> {
            DockerHost host = facts.servers.get(worker.server()).host;
            NodeLayout layout = NodeLayout.of(inventory, worker.asNode());
            for (Action action : removals) {
                if (action.node().equals(worker.name())) {
                    step(action, () -> {
                        if (action instanceof Action.RemoveContainer) {
                            host.removeContainer(layout);
                        } else {
                            host.removeData(layout);
                        }
                    });
                }
            }
            return true;
        });
    }

    /**
     * The restarts to run: the plan's, and any node whose settings still wait for a restart after
     * its reload (the plan could not tell without the server's setting contexts); none deferred.
     */
    private List<Action.RestartNode> restarts(Plan plan, Set<String> pending, Set<String> deferred, List<String> warnings,
                                              boolean noRestart) {
        List<Action.RestartNode> restarts = new ArrayList<>(plan.actionsOf(Action.RestartNode.class).stream()
                .filter(r -> !deferred.contains(r.node())).toList());
        for (String node : pending) {
            boolean planned = plan.actionsOf(Action.RestartNode.class).stream().anyMatch(r -> r.node().equals(node));
            if (planned) {
                continue;
            }
            if (noRestart) {
                warnings.add("node " + node + ": settings wait for a restart (--no-restart); the next apply without"
                        + " --no-restart restarts it");
            } else {
                restarts.add(new Action.RestartNode(node, "settings wait for a restart after the reload", false));
            }
        }
        return RollingRestart.ordered(inventory, restarts);
    }
}
