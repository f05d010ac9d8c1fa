package dev.citusdeploy.apply;

import dev.citusdeploy.CitusDeployException;
import dev.citusdeploy.ExitCode;
import dev.citusdeploy.db.CitusAdmin;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.Node;
import dev.citusdeploy.inventory.Server;
import dev.citusdeploy.plan.Action;
import dev.citusdeploy.plan.NodeFacts;
import dev.citusdeploy.plan.NodePlanner;
import dev.citusdeploy.plan.Plan;
import dev.citusdeploy.render.DataLayout;
import dev.citusdeploy.render.NodeLayout;
import dev.citusdeploy.render.NodeRenderer;
import dev.citusdeploy.render.RenderedFile;
import dev.citusdeploy.ssh.RemoteShell;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Converges the servers on the inventory: connect, gather facts, plan, change only what differs.
 * Servers are handled in parallel, each over one connection that every step reuses.
 */
public final class ApplyService {
    private final Function<Server, RemoteShell> connector;
    private final NodeDatabase databases;
    private final NodeRenderer renderer;
    private final PasswordResolver passwords;
    private final Consumer<Action> progress;

    public ApplyService(Function<Server, RemoteShell> connector, NodeDatabase databases, NodeRenderer renderer,
                        PasswordResolver passwords, Consumer<Action> progress) {
        this.connector = connector;
        this.databases = databases;
        this.renderer = renderer;
        this.passwords = passwords;
        this.progress = progress;
    }

    public ApplyReport apply(Inventory inventory, ApplyOptions options) {
        long started = System.nanoTime();
        passwords.fromInventory(inventory); // a missing env var or file fails before any connection
        List<String> servers = inventory.usedServers().stream().map(Server::name).toList();
        try (Connections connections = Connections.open(inventory, connector)) {
            Map<String, ServerFacts> facts = Parallel.run(servers,
                    name -> ServerFacts.gather(inventory, DockerHost.detect(connections.of(name))));
            List<String> settingProblems = facts.values().stream().flatMap(f -> f.settingProblems(inventory).stream()).toList();
            if (!settingProblems.isEmpty()) {
                throw new CitusDeployException(ExitCode.INVALID_INVENTORY, settingProblems, null);
            }
            Map<String, NodeFacts> nodeFacts = new HashMap<>();
            Map<String, Optional<String>> stored = new HashMap<>();
            facts.values().forEach(f -> {
                nodeFacts.putAll(f.nodes);
                stored.putAll(f.storedPasswords);
            });

            String password = passwords.resolve(inventory, stored);
            Plan hostPlan = Plan.empty();
            for (Node node : inventory.nodes()) {
                DataLayout data = facts.get(node.server()).storage.get(node.name()).layout();
                hostPlan = hostPlan.then(NodePlanner.plan(node.name(), filesOf(inventory, node, data, password),
                        nodeFacts.get(node.name())));
            }

            List<Action> done = new ArrayList<>();
            List<String> warnings = new ArrayList<>(hostPlan.warnings());
            if (options.dryRun()) {
                done.addAll(hostPlan.actions());
                if (hostPlan.actionsOf(Action.StartNode.class).isEmpty() && allHealthy(nodeFacts)) {
                    Plan databasePlan = withDatabases(inventory, connections, password, setup ->
                            setup.planExtensions().then(setup.planRegistration()));
                    done.addAll(databasePlan.actions());
                    warnings.addAll(databasePlan.warnings());
                } else {
                    warnings.add("dry run: the database steps (extension, registration) are planned once the nodes run");
                }
                return new ApplyReport(inventory.cluster(), true, done, warnings, inventory.nodes().size(), servers.size(),
                        elapsed(started));
            }

            Plan plan = hostPlan;
            // Every server's checks before any server changes anything.
            Parallel.run(servers, name -> {
                checkBeforeStart(inventory, facts.get(name), plan);
                return true;
            });
            Parallel.run(servers, name -> {
                changeServer(inventory, facts.get(name).host, plan, options.healthTimeout());
                return true;
            });
            done.addAll(hostPlan.actions());
            withDatabases(inventory, connections, password, setup -> {
                warnings.addAll(setup.reload(plan.actionsOf(Action.ReloadConfiguration.class)));
                Plan extensions = setup.planExtensions();
                extensions.actions().forEach(setup::execute);
                Plan registration = setup.planRegistration();
                registration.actions().forEach(setup::execute);
                done.addAll(extensions.actions());
                done.addAll(registration.actions());
                warnings.addAll(registration.warnings());
                return null;
            });
            return new ApplyReport(inventory.cluster(), false, done, warnings, inventory.nodes().size(), servers.size(),
                    elapsed(started));
        }
    }

    /** The node's rendered files plus its secret. */
    private List<RenderedFile> filesOf(Inventory inventory, Node node, DataLayout data, String password) {
        List<RenderedFile> files = new ArrayList<>(renderer.render(inventory, node, data));
        NodeLayout layout = NodeLayout.of(inventory, node);
        files.add(RenderedFile.secret(node.server(), layout.path(NodeLayout.PASSWORD_FILE), password));
        return files;
    }

    /** Before a container starts on this server: the image has Citus and runs the major of the node's data. */
    private static void checkBeforeStart(Inventory inventory, ServerFacts server, Plan plan) {
        List<String> starting = plan.actionsOf(Action.StartNode.class).stream().map(Action::node)
                .filter(server.nodes::containsKey).toList();
        if (starting.isEmpty()) {
            return;
        }
        server.image.requireCitus();
        server.requireSameMajor(inventory, starting);
    }

    /** Uploads, starts and waits for the nodes of one server. */
    private void changeServer(Inventory inventory, DockerHost host, Plan plan, Duration healthTimeout) {
        List<Node> nodes = inventory.nodes().stream().filter(n -> n.server().equals(host.server())).toList();
        Map<String, Node> byName = new HashMap<>();
        nodes.forEach(n -> byName.put(n.name(), n));
        List<Action> mine = plan.actions().stream().filter(a -> byName.containsKey(a.node())).toList();
        for (Action action : mine) {
            if (action instanceof Action.UploadFile upload) {
                host.upload(upload.file());
                progress.accept(action);
            }
        }
        for (Action action : mine) {
            if (action instanceof Action.StartNode start) {
                host.composeUp(NodeLayout.of(inventory, byName.get(start.node())));
                progress.accept(action);
            }
        }
        for (Node node : nodes) {
            host.waitHealthy(node.name(), NodeLayout.of(inventory, node), healthTimeout);
        }
    }

    private interface DatabaseWork<T> {
        T run(ClusterSetup setup);
    }

    private <T> T withDatabases(Inventory inventory, Connections connections, String password, DatabaseWork<T> work) {
        Map<String, CitusAdmin> admins = new ConcurrentHashMap<>();
        try {
            Parallel.run(inventory.nodes(), node -> admins.put(node.name(),
                    databases.open(inventory, node, connections.of(node.server()), password)));
            Map<String, CitusAdmin> ordered = new LinkedHashMap<>();
            inventory.nodes().forEach(n -> ordered.put(n.name(), admins.get(n.name())));
            return work.run(new ClusterSetup(inventory, ordered, progress));
        } finally {
            admins.values().forEach(CitusAdmin::close);
        }
    }

    private static boolean allHealthy(Map<String, NodeFacts> facts) {
        return facts.values().stream().allMatch(f -> f.container().healthy());
    }

    private static Duration elapsed(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
