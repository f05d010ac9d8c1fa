package dev.citusdeploy.facts;

import dev.citusdeploy.Parallel;
import dev.citusdeploy.db.NodeDatabase;
import dev.citusdeploy.secrets.PasswordResolver;
import dev.citusdeploy.ssh.ServerSessions;
import dev.citusdeploy.CitusDeployException;
import dev.citusdeploy.ExitCode;
import dev.citusdeploy.db.CitusAdmin;
import dev.citusdeploy.db.DistNode;
import dev.citusdeploy.db.RunningStatement;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.Node;
import dev.citusdeploy.inventory.Server;
import dev.citusdeploy.render.NodeLayout;
import dev.citusdeploy.render.NodeRenderer;
import dev.citusdeploy.render.RenderedFile;
import dev.citusdeploy.ssh.CommandResult;
import dev.citusdeploy.ssh.RemoteShell;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything apply knows before it plans, gathered in parallel over the servers and changing
 * nothing: each server's Docker, image and node folders; the password; each node's rendered files;
 * each running node's database. A running node whose database refuses the connection (a wrong
 * password, a pg_hba problem) fails here, before any file is uploaded.
 */
public final class ClusterFacts {
    public final Map<String, ServerFacts> servers;
    public final String password;
    public final Map<String, List<RenderedFile>> files;
    public final Map<String, NodeFacts> nodes;
    /** Workers the inventory no longer lists (see {@link LeavingWorker}); empty when none. */
    public final List<LeavingWorker> leaving;
    /** Background jobs running on the coordinator (asked only when shards will move). */
    public final List<Long> activeJobs;
    /** Distributed tables logical replication cannot move (asked only when shards will move). */
    public final List<String> noReplicaIdentity;
    /** What a rebalance would move now ({moves, bytes}), when new workers are registered already; else null. */
    public final long[] rebalanceMoves;

    private ClusterFacts(Map<String, ServerFacts> servers, String password, Map<String, List<RenderedFile>> files,
                         Map<String, NodeFacts> nodes, List<LeavingWorker> leaving, List<Long> activeJobs,
                         List<String> noReplicaIdentity, long[] rebalanceMoves) {
        this.servers = servers;
        this.password = password;
        this.files = files;
        this.nodes = nodes;
        this.leaving = List.copyOf(leaving);
        this.activeJobs = List.copyOf(activeJobs);
        this.noReplicaIdentity = List.copyOf(noReplicaIdentity);
        this.rebalanceMoves = rebalanceMoves;
    }

    /** How the fact commands of one server are run: as one batch (see {@link RemoteShell#runAll}). */
    @FunctionalInterface
    public interface Asking {
        List<CommandResult> ask(String server, RemoteShell shell, List<List<String>> commands);

        /** Each server's commands as one {@link RemoteShell#runAll} batch. */
        Asking BATCH = (server, shell, commands) -> shell.runAll(commands);
    }

    public static ClusterFacts gather(Inventory inventory, ServerSessions connections, NodeRenderer renderer,
                               PasswordResolver passwords, NodeDatabase databases) {
        return gather(inventory, connections, renderer, passwords, databases, Asking.BATCH);
    }

    /**
     * {@link #gather(Inventory, ServerSessions, NodeRenderer, PasswordResolver, NodeDatabase)} with
     * each server's commands run by {@code asking} (apply: the coordinator's server's inside the
     * command that takes the cluster lock).
     */
    public static ClusterFacts gather(Inventory inventory, ServerSessions connections, NodeRenderer renderer,
                               PasswordResolver passwords, NodeDatabase databases, Asking asking) {
        // Every listed server: one that runs no node any more may still hold a leaving worker.
        List<String> serverNames = inventory.servers().stream().map(Server::name).toList();
        // With the inventory's password, each node's database is asked while its server is read
        // (what it says counts only if its container turns out to run).
        Map<String, Parallel.Started<DatabaseFacts>> early = new LinkedHashMap<>();
        passwords.fromInventory(inventory).ifPresent(configured -> inventory.nodes().forEach(node -> early.put(node.name(),
                Parallel.start(() -> readDatabase(inventory, node, connections, databases, configured)))));
        try {
            return gather(inventory, connections, renderer, passwords, databases, asking, serverNames, early);
        } finally {
            early.values().forEach(Parallel.Started::settle);
        }
    }

    private static ClusterFacts gather(Inventory inventory, ServerSessions connections, NodeRenderer renderer,
                                       PasswordResolver passwords, NodeDatabase databases, Asking asking, List<String> serverNames,
                                       Map<String, Parallel.Started<DatabaseFacts>> early) {
        Map<String, ServerFacts> servers = Parallel.run(serverNames, name -> ServerFacts.gather(inventory, connections.of(name),
                commands -> asking.ask(name, connections.of(name), commands)));
        List<String> settingProblems = servers.values().stream().flatMap(f -> f.settingProblems(inventory).stream()).toList();
        if (!settingProblems.isEmpty()) {
            throw new CitusDeployException(ExitCode.INVALID_INVENTORY, settingProblems, null);
        }
        List<String> rotating = servers.values().stream().flatMap(f -> f.unfinishedRotation.stream()).toList();
        if (!rotating.isEmpty()) {
            throw new CitusDeployException(ExitCode.REMOTE_FAILURE, "a password rotation of cluster " + inventory.cluster()
                    + " is unfinished (" + NodeCredentials.PENDING_FILE + " on " + String.join(", ", rotating)
                    + "); nothing was changed; finish it first: citus-deploy rotate-password " + inventory.source().getFileName());
        }
        Map<String, Optional<String>> stored = new HashMap<>();
        servers.values().forEach(f -> stored.putAll(f.storedPasswords));
        String password = passwords.resolve(inventory, stored);

        Map<String, List<RenderedFile>> files = new LinkedHashMap<>();
        for (Node node : inventory.nodes()) {
            files.put(node.name(), filesOf(inventory, node, servers.get(node.server()), renderer, password));
        }
        Map<String, NodeFacts> nodes = new LinkedHashMap<>();
        for (ServerFacts server : servers.values()) {
            server.nodes.forEach((name, facts) -> nodes.put(name, facts.withFileTexts(
                    changedTextFiles(files.get(name), facts))));
        }
        Map<Node, DatabaseFacts> running;
        try {
            running = Parallel.run(inventory.nodes(), node -> database(inventory, node, nodes.get(node.name()), connections,
                    databases, password, early.get(node.name())));
        } catch (CitusDeployException e) {
            if (e.lines().stream().noneMatch(l -> l.contains("password authentication failed"))) {
                throw e;
            }
            List<String> lines = new ArrayList<>(e.lines());
            lines.add("the cluster's password is not the one " + passwordSource(inventory) + " gives; nothing was changed;"
                    + " to change the cluster's password to it: citus-deploy rotate-password " + inventory.source().getFileName()
                    + "; otherwise put the cluster's password back there");
            throw new CitusDeployException(e.exitCode(), lines, e);
        }
        Map<String, NodeFacts> ordered = new LinkedHashMap<>();
        inventory.nodes().forEach(n -> ordered.put(n.name(), nodes.get(n.name()).withDatabase(running.get(n))));
        requireNodesWhereTheyRun(inventory, servers);
        DatabaseFacts coordinator = ordered.get(inventory.coordinator().name()).database();
        if (ordered.values().stream().allMatch(n -> n.database().othersRunning().isEmpty())) {
            // Else a statement of another run may be half-way (a citus_add_node whose worker has its
            // metadata before the coordinator lists it): apply waits for it and reads again.
            requireFreshNewWorkers(inventory, servers, ordered, coordinator, connections, databases, password);
        }
        List<LeavingWorker> leaving = LeavingWorker.find(inventory, servers, coordinator.distNodes());
        boolean scaleOut = !ScaleOut.targets(inventory, coordinator).isEmpty();
        if (leaving.isEmpty() && !scaleOut) {
            return new ClusterFacts(servers, password, files, ordered, List.of(), List.of(), List.of(), null);
        }
        // Shards will move: ask the coordinator what the leaving workers hold, what would move onto
        // new ones, and what could stop the moves.
        List<Long> jobs = List.of();
        List<String> noReplicaIdentity = List.of();
        long[] moves = null;
        if (coordinator.running() && coordinator.citusExtension().isPresent()) {
            Node node = inventory.coordinator();
            try (CitusAdmin admin = databases.open(inventory, node, connections.of(node.server()), password)) {
                if (!leaving.isEmpty()) {
                    List<dev.citusdeploy.db.NodeShards> shards = admin.distributedShardsPerNode();
                    leaving = leaving.stream().map(w -> shards.stream().filter(s -> s.host().equals(w.host()) && s.port() == w.port())
                            .findFirst().map(s -> w.withShards(s.shards(), s.bytes())).orElse(w)).toList();
                }
                jobs = admin.activeJobs();
                noReplicaIdentity = admin.tablesWithoutReplicaIdentity();
                if (scaleOut && ScaleOut.notOpenYet(inventory, coordinator).isEmpty()) {
                    moves = admin.rebalanceMoves();
                }
            }
        }
        if (leaving.isEmpty()) {
            return new ClusterFacts(servers, password, files, ordered, leaving, jobs, noReplicaIdentity, moves);
        }
        Parallel.run(serverNames, name -> {
            servers.get(name).readFreeBytes(inventory);
            return true;
        });
        // Workers leave: the others keep admitting and reaching them until they are removed.
        List<NodeRenderer.Leaving> kept = leaving.stream().filter(LeavingWorker::registered)
                .map(w -> new NodeRenderer.Leaving(w.name(), w.host(), w.port())).toList();
        Map<String, List<RenderedFile>> withLeaving = new LinkedHashMap<>();
        Map<String, NodeFacts> refreshed = new LinkedHashMap<>();
        for (Node node : inventory.nodes()) {
            List<RenderedFile> nodeFiles = new ArrayList<>(renderer.render(inventory, node,
                    servers.get(node.server()).storage.get(node.name()).layout(), kept));
            nodeFiles.add(files.get(node.name()).get(files.get(node.name()).size() - 1));
            withLeaving.put(node.name(), nodeFiles);
            NodeFacts full = servers.get(node.server()).nodes.get(node.name());
            refreshed.put(node.name(), ordered.get(node.name()).withFileTexts(changedTextFiles(nodeFiles, full)));
        }
        return new ClusterFacts(servers, password, withLeaving, refreshed, leaving, jobs, noReplicaIdentity, moves);
    }

    /**
     * A worker about to be registered must not bring the data of an earlier member of a cluster (a
     * removed worker's kept volume under a reused name): Citus would take its old shards and
     * metadata for current ones. Known only while the coordinator runs.
     */
    private static void requireFreshNewWorkers(Inventory inventory, Map<String, ServerFacts> servers, Map<String, NodeFacts> nodes,
                                               DatabaseFacts coordinator, ServerSessions connections, NodeDatabase databases,
                                               String password) {
        if (!coordinator.running() || coordinator.citusExtension().isEmpty()) {
            return;
        }
        List<String> stale = new ArrayList<>();
        for (Node worker : inventory.workers()) {
            String host = inventory.clusterAddressOf(worker);
            boolean registered = coordinator.distNodes().stream().anyMatch(d -> d.host().equals(host) && d.port() == worker.port());
            NodeFacts facts = nodes.get(worker.name());
            int group = facts.database().localGroup();
            boolean moved = group > 0 && coordinator.distNodes().stream().anyMatch(d -> d.groupId() == group);
            if (registered || moved || !servers.get(worker.server()).storage.get(worker.name()).hasData()) {
                continue; // registered, or registered under its old address (updated in place)
            }
            boolean member;
            if (facts.database().running() && facts.database().citusExtension().isPresent()) {
                try (CitusAdmin admin = databases.open(inventory, worker, connections.of(worker.server()), password)) {
                    member = admin.ownDistNodeRows() > 0;
                }
            } else {
                member = !facts.container().exists();
            }
            if (member) {
                stale.add("node " + worker.name() + " on server " + worker.server() + ": its volume "
                        + NodeLayout.of(inventory, worker).volume() + " holds the data of an earlier node of a cluster (a removed"
                        + " worker's kept volume?); a new worker must start empty: give it another name, or delete that volume");
            }
        }
        if (!stale.isEmpty()) {
            throw new CitusDeployException(ExitCode.REMOTE_FAILURE, stale, null);
        }
    }

    /**
     * A node's container runs on another server than the inventory now says: refused (its data is
     * there); a moved node is a new node under a new name, and the old one leaves (drained).
     */
    private static void requireNodesWhereTheyRun(Inventory inventory, Map<String, ServerFacts> servers) {
        List<String> moved = new ArrayList<>();
        // A container seen from another server is a move only if the node's own server does not see
        // it too (several inventory servers may share one Docker, as on a test machine).
        servers.forEach((server, facts) -> facts.others.stream()
                .filter(o -> inventory.nodes().stream().anyMatch(n -> n.name().equals(o.node())))
                .filter(o -> !servers.get(inventory.node(o.node()).server()).nodes.get(o.node()).container().exists())
                .forEach(o -> moved.add("node " + o.node() + " runs on server " + server + " (container " + o.container()
                        + ", with its data) but the inventory puts it on server " + inventory.node(o.node()).server()
                        + "; put it back, or add the new node under another name in one apply and remove the old entry in the next"
                        + " (it is then drained and removed)")));
        servers.forEach((server, facts) -> facts.nodes.forEach((name, node) -> {
            int port = inventory.node(name).port();
            if (node.container().exists() && node.container().port() > 0 && node.container().port() != port) {
                moved.add("node " + name + " on server " + server + " runs on port " + node.container().port()
                        + " (container " + NodeLayout.of(inventory, inventory.node(name)).container() + ", with its data), but the"
                        + " inventory gives it port " + port + "; unnamed workers are named by their position, so removing or"
                        + " reordering one renames the others: give every worker the name its container has (name: ...)");
            }
        }));
        if (!moved.isEmpty()) {
            throw new CitusDeployException(ExitCode.INVALID_INVENTORY, moved, null);
        }
    }

    private static String passwordSource(Inventory inventory) {
        if (inventory.password() instanceof dev.citusdeploy.inventory.PasswordSource.FromEnv env) {
            return "$" + env.variable();
        }
        if (inventory.password() instanceof dev.citusdeploy.inventory.PasswordSource.FromFile file) {
            return file.file().toString();
        }
        return "the servers' " + NodeLayout.PASSWORD_FILE;
    }

    /**
     * The statements other citus-deploy sessions were running, by node (only nodes that run one):
     * under the cluster lock, those of a run that was killed while PostgreSQL ran them.
     */
    public Map<String, List<RunningStatement>> othersRunning() {
        Map<String, List<RunningStatement>> running = new LinkedHashMap<>();
        nodes.forEach((name, node) -> {
            if (!node.database().othersRunning().isEmpty()) {
                running.put(name, node.database().othersRunning());
            }
        });
        return running;
    }

    public Map<String, Integer> imageMajors() {
        Map<String, Integer> majors = new LinkedHashMap<>();
        servers.forEach((name, facts) -> {
            if (!facts.nodes.isEmpty()) {
                majors.put(name, facts.image.pgMajor()); // never pulls the image onto a server without nodes
            }
        });
        return majors;
    }

    /** The node's rendered files, in the data layout it keeps, plus its secret. */
    private static List<RenderedFile> filesOf(Inventory inventory, Node node, ServerFacts server, NodeRenderer renderer,
                                              String password) {
        List<RenderedFile> files = new ArrayList<>(renderer.render(inventory, node, server.storage.get(node.name()).layout()));
        files.add(RenderedFile.secret(node.server(), NodeLayout.of(inventory, node).path(NodeLayout.PASSWORD_FILE), password));
        return files;
    }

    /** The server's copy of the text files that will change (the others are not needed for diffs). */
    private static Map<String, String> changedTextFiles(List<RenderedFile> files, NodeFacts facts) {
        Map<String, String> texts = new LinkedHashMap<>();
        files.stream()
                .filter(f -> !f.secret() && facts.fileHashes().containsKey(f.path())
                        && !facts.fileHashes().get(f.path()).equals(f.sha256())
                        && facts.fileTexts().containsKey(f.path()))
                .forEach(f -> texts.put(f.path(), facts.fileTexts().get(f.path())));
        return texts;
    }

    /**
     * Asked of running nodes only: the citus extension, the coordinator's pg_dist_node, settings
     * waiting for a restart, and (only when the node's postgresql.conf changes) each setting's
     * context, to tell reload from restart. {@code early}: the database asked already, with this
     * password, or null.
     */
    private static DatabaseFacts database(Inventory inventory, Node node, NodeFacts facts, ServerSessions connections,
                                          NodeDatabase databases, String password, Parallel.Started<DatabaseFacts> early) {
        if (!facts.container().running()) {
            return DatabaseFacts.notRunning();
        }
        boolean confChanges = facts.fileTexts().keySet().stream().anyMatch(path -> path.endsWith("/" + NodeLayout.POSTGRESQL_CONF));
        try {
            DatabaseFacts read = early != null ? early.join() : readDatabase(inventory, node, connections, databases, password);
            return confChanges ? read : read.withoutSettingContexts();
        } catch (CitusDeployException e) {
            if (facts.container().healthy()) {
                throw e;
            }
            // Docker's health check has not passed yet: a node still starting is not running.
            return DatabaseFacts.notRunning();
        }
    }

    /** What a running node's database says (every setting's context included). */
    private static DatabaseFacts readDatabase(Inventory inventory, Node node, ServerSessions connections, NodeDatabase databases,
                                              String password) {
        try (CitusAdmin admin = databases.open(inventory, node, connections.of(node.server()), password)) {
            List<RunningStatement> others = admin.othersRunning(); // first: what is read after may be half-way through them
            Optional<String> citus = admin.installedCitusVersion();
            boolean coordinator = node.isCoordinator() && citus.isPresent();
            List<DistNode> distNodes = coordinator ? admin.distNodes() : List.of();
            boolean closed = distNodes.stream().anyMatch(d -> !d.isCoordinatorRow() && !d.shouldHaveShards()
                    && inventory.workers().stream().anyMatch(w -> inventory.clusterAddressOf(w).equals(d.host()) && w.port() == d.port()));
            return new DatabaseFacts(true, citus, distNodes, admin.settingContexts(),
                    admin.pendingRestart(), admin.reloadNeeded(), coordinator ? admin.placementsPerWorker() : List.of(),
                    citus.isPresent() ? admin.localGroup() : -1, others, closed ? admin.closedByCitusDeploy() : List.of());
        }
    }
}
