package dev.citusdeploy.apply;

import dev.citusdeploy.CitusDeployException;
import dev.citusdeploy.ExitCode;
import dev.citusdeploy.Parallel;
import dev.citusdeploy.db.CitusAdmin;
import dev.citusdeploy.db.NodeDatabase;
import dev.citusdeploy.facts.NodeCredentials;
import dev.citusdeploy.host.DockerHost;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.Node;
import dev.citusdeploy.inventory.PasswordSource;
import dev.citusdeploy.inventory.Server;
import dev.citusdeploy.plan.Action;
import dev.citusdeploy.plan.Plan;
import dev.citusdeploy.render.NodeLayout;
import dev.citusdeploy.render.RenderedFile;
import dev.citusdeploy.report.Event;
import dev.citusdeploy.report.PlanWriter;
import dev.citusdeploy.secrets.PasswordResolver;
import dev.citusdeploy.ssh.CommandResult;
import dev.citusdeploy.ssh.RemoteCommands;
import dev.citusdeploy.ssh.RemoteFailure;
import dev.citusdeploy.ssh.RemoteShell;
import dev.citusdeploy.ssh.ServerSessions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Changes the cluster's database password without a restart. The new password is first written
 * beside each node's password file ({@code secrets/password.new}: the journal that lets a re-run
 * finish an interrupted rotation), then set on every node that still has the old one (ALTER ROLE,
 * as a SCRAM verifier), then it becomes each node's password file and the running containers
 * rewrite their node-to-node password file from it; the coordinator then checks that every node
 * reaches every other. Last, the inventory's password file gets it (when the password was
 * generated or typed here) and the journals go.
 */
public final class RotatePasswordService {
    /** Where the new password comes from. */
    public enum Source { INVENTORY, GENERATE, PROMPT }

    /** What a rotation did (or would do): the plan, the run's record, and whether there was nothing to do. */
    public record Result(Plan plan, String runId, boolean resumed, Duration took) {
    }

    private final Function<Server, RemoteShell> connector;
    private final NodeDatabase databases;
    private final PasswordResolver passwords;
    private final Consumer<Event> events;

    public RotatePasswordService(Function<Server, RemoteShell> connector, NodeDatabase databases, PasswordResolver passwords,
                                 Consumer<Event> events) {
        this.connector = connector;
        this.databases = databases;
        this.passwords = passwords;
        this.events = events;
    }

    /**
     * @param prompt asked for the new password when {@code source} is PROMPT
     */
    public Result rotate(Inventory inventory, Source source, Supplier<String> prompt, boolean dryRun, Duration lockWait) {
        long started = System.nanoTime();
        Optional<String> configured = passwords.fromInventory(inventory);
        requireSourceFits(inventory, source);
        try (ServerSessions connections = ServerSessions.open(inventory, connector);
             ClusterLock lock = dryRun ? null : ClusterLock.acquire(inventory, connections, "rotate-password", lockWait, events)) {
            Map<String, NodeCredentials> nodes = NodeCredentials.gather(inventory, connections,
                    inventory.usedServers().stream().map(Server::name).toList());
            requireRunning(inventory, nodes);
            Set<String> pending = new LinkedHashSet<>();
            nodes.values().forEach(n -> n.pending().ifPresent(pending::add));
            if (pending.size() > 1) {
                throw new CitusDeployException(ExitCode.REMOTE_FAILURE, "the nodes keep different new passwords in "
                        + NodeCredentials.PENDING_FILE + " (two rotations interrupted?); remove the one that is not wanted by hand");
            }
            boolean resumed = !pending.isEmpty();
            String next = resumed ? pending.iterator().next() : newPassword(inventory, source, configured, prompt);
            if (resumed && inventory.password() instanceof PasswordSource.FromEnv env && !configured.orElse("").equals(next)) {
                throw new CitusDeployException(ExitCode.USAGE, "an unfinished rotation to another password is recorded on the"
                        + " servers (" + NodeCredentials.PENDING_FILE + "); set $" + env.variable() + " to that password and run"
                        + " rotate-password again to finish it (nothing was changed)");
            }
            Set<String> old = new LinkedHashSet<>();
            nodes.values().forEach(n -> n.stored().ifPresent(old::add));
            configured.ifPresent(old::add);
            old.remove(next);
            Map<String, String> accepted = acceptedPasswords(inventory, connections, next, old);
            if (!resumed) {
                requireHealthy(inventory, connections, accepted.get(inventory.coordinator().name()));
            }
            Plan plan = plan(inventory, nodes, accepted, next, configured);
            if (dryRun || plan.isEmpty()) {
                return new Result(plan, "", resumed, Duration.ofNanos(System.nanoTime() - started));
            }
            String coordinator = inventory.coordinator().name();
            Map<String, String> current = new ConcurrentHashMap<>(accepted);
            RunRecorder record = new RunRecorder(inventory, connections, databases, () -> current.get(coordinator),
                    "rotate-password", PlanWriter.json(inventory, plan), plan.actions().size());
            record.start();
            Consumer<Event> observed = record.observe(events);
            record.run(() -> execute(inventory, connections, plan, next, current, observed));
            return new Result(plan, record.runId(), resumed, Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /** A typed or generated password must be kept somewhere the next run finds it: not in an environment variable. */
    private static void requireSourceFits(Inventory inventory, Source source) {
        if (source != Source.INVENTORY && inventory.password() instanceof PasswordSource.FromEnv env) {
            throw new CitusDeployException(ExitCode.USAGE, inventory.source().getFileName() + " reads the password from $"
                    + env.variable() + ": set it to the new password and run rotate-password without --generate or --prompt");
        }
    }

    private String newPassword(Inventory inventory, Source source, Optional<String> configured, Supplier<String> prompt) {
        if (source == Source.INVENTORY && configured.isEmpty()) {
            throw new CitusDeployException(ExitCode.USAGE, inventory.source().getFileName() + " has no password source"
                    + " (the servers keep a generated one): give --generate or --prompt");
        }
        String next = switch (source) {
            case GENERATE -> passwords.generate();
            case PROMPT -> prompt.get();
            case INVENTORY -> configured.orElseThrow();
        };
        if (next.isBlank() || next.indexOf('\n') >= 0 || next.indexOf('\r') >= 0) {
            throw new CitusDeployException(ExitCode.USAGE, "the new password must be one non-empty line");
        }
        return next;
    }

    private static void requireRunning(Inventory inventory, Map<String, NodeCredentials> nodes) {
        List<String> down = new ArrayList<>();
        for (Node node : inventory.nodes()) {
            NodeCredentials found = nodes.get(node.name());
            if (!found.container().running()) {
                down.add("node " + node.name() + " on server " + node.server() + " is not running (container "
                        + found.container().status() + ")");
            }
        }
        if (!down.isEmpty()) {
            down.add("every node must run to change the password on all of them at once; start them first:"
                    + " citus-deploy apply " + inventory.source().getFileName() + " (nothing was changed)");
            throw new CitusDeployException(ExitCode.REMOTE_FAILURE, down, null);
        }
    }

    /**
     * Before a rotation: every node must reach every other now, or the check after it could not
     * tell a rotation that went wrong from a cluster that was broken already.
     */
    private void requireHealthy(Inventory inventory, ServerSessions connections, String password) {
        Node coordinator = inventory.coordinator();
        try (CitusAdmin admin = databases.open(inventory, coordinator, connections.of(coordinator.server()), password)) {
            if (!admin.clusterHealthy()) {
                throw new CitusDeployException(ExitCode.REMOTE_FAILURE, "some nodes of cluster " + inventory.cluster()
                        + " do not reach each other now (SELECT * FROM citus_check_cluster_node_health() WHERE NOT result;"
                        + " on the coordinator); fix that first; nothing was changed");
            }
        }
    }

    /** Which password each node accepts now: the new one (done already), else one of the old ones. */
    private Map<String, String> acceptedPasswords(Inventory inventory, ServerSessions connections, String next, Set<String> old) {
        List<String> candidates = new ArrayList<>();
        candidates.add(next);
        candidates.addAll(old);
        Map<Node, String> accepted = Parallel.run(inventory.nodes(), node -> {
            String last = "";
            for (String candidate : candidates) {
                try (CitusAdmin admin = databases.open(inventory, node, connections.of(node.server()), candidate)) {
                    return candidate;
                } catch (CitusDeployException e) {
                    last = e.lines().get(0);
                    if (!last.contains("password authentication failed")) {
                        throw e;
                    }
                }
            }
            throw new CitusDeployException(ExitCode.REMOTE_FAILURE, "node " + node.name() + " on server " + node.server()
                    + " accepts neither the new password nor the one the servers keep (" + last + "); nothing was changed");
        });
        Map<String, String> byName = new LinkedHashMap<>();
        inventory.nodes().forEach(n -> byName.put(n.name(), accepted.get(n)));
        return byName;
    }

    private static Plan plan(Inventory inventory, Map<String, NodeCredentials> nodes, Map<String, String> accepted, String next,
                             Optional<String> configured) {
        List<Action> journal = new ArrayList<>();
        List<Action> alter = new ArrayList<>();
        List<Action> files = new ArrayList<>();
        List<Action> cleanup = new ArrayList<>();
        for (Node node : inventory.nodes()) {
            NodeLayout layout = NodeLayout.of(inventory, node);
            NodeCredentials found = nodes.get(node.name());
            boolean done = accepted.get(node.name()).equals(next) && found.stored().equals(Optional.of(next));
            String pendingPath = layout.path(NodeCredentials.PENDING_FILE);
            if (!found.pending().equals(Optional.of(next)) && !done) {
                journal.add(upload(node, pendingPath, next, found.pending().isPresent()));
            }
            if (!accepted.get(node.name()).equals(next)) {
                alter.add(new Action.SetPassword(node.name(), inventory.user()));
            }
            if (!found.stored().equals(Optional.of(next))) {
                files.add(upload(node, layout.path(NodeLayout.PASSWORD_FILE), next, found.stored().isPresent()));
                files.add(new Action.RefreshCredentials(node.name()));
            } else if (found.pending().isPresent()) {
                // Resuming: the running container may still hold the old copy.
                files.add(new Action.RefreshCredentials(node.name()));
            }
            if (found.pending().isPresent() || !done) {
                cleanup.add(new Action.RemoveFile(node.name(), node.server(), pendingPath));
            }
        }
        List<Action> actions = new ArrayList<>(journal);
        actions.addAll(alter);
        actions.addAll(files);
        if (!alter.isEmpty() || !files.isEmpty()) {
            actions.add(new Action.CheckClusterHealth(inventory.coordinator().name()));
        }
        if (inventory.password() instanceof PasswordSource.FromFile file && !configured.orElse("").equals(next)) {
            actions.add(new Action.SavePasswordFile("local", file.file().toString()));
        }
        boolean journals = nodes.values().stream().anyMatch(n -> n.pending().isPresent());
        if (!actions.isEmpty() || journals) {
            actions.addAll(cleanup);
        }
        return new Plan(actions, List.of());
    }

    private static Action.UploadFile upload(Node node, String path, String password, boolean replaces) {
        return Action.UploadFile.secret(node.name(), node.server(), path, 0600, replaces);
    }

    private void execute(Inventory inventory, ServerSessions connections, Plan plan, String next, Map<String, String> current,
                         Consumer<Event> events) {
        Map<String, DockerHost> hosts = Parallel.run(inventory.usedServers().stream().map(Server::name).toList(),
                name -> DockerHost.detect(connections.of(name)));
        Map<String, DockerHost> hostOf = new LinkedHashMap<>();
        inventory.nodes().forEach(n -> hostOf.put(n.name(), hosts.get(n.server())));
        List<Action.UploadFile> uploads = plan.actionsOf(Action.UploadFile.class);
        // 1. The journal on every node: from here on, a re-run finishes this rotation.
        perNode(inventory, uploads.stream().filter(u -> u.path().endsWith(NodeCredentials.PENDING_FILE)).toList(),
                upload -> Steps.run(events, upload, () -> hostOf.get(upload.node()).uploadAll(
                        List.of(RenderedFile.secret(upload.server(), upload.path(), next)))));
        // 2. The role's password on every node that still has an old one, all at once...
        Parallel.run(plan.actionsOf(Action.SetPassword.class), set -> {
            Node node = inventory.node(set.node());
            Steps.run(events, set, () -> {
                try (CitusAdmin admin = databases.open(inventory, node, connections.of(node.server()), current.get(node.name()))) {
                    admin.setPassword(set.user(), next);
                }
                current.put(node.name(), next);
            });
            return true;
        });
        // 3. ...and right after, each node's password file and the running containers' copies.
        Parallel.run(inventory.nodes(), node -> {
            for (Action action : plan.actions()) {
                if (!action.node().equals(node.name())) {
                    continue;
                }
                if (action instanceof Action.UploadFile upload && upload.path().endsWith("/" + NodeLayout.PASSWORD_FILE)) {
                    Steps.run(events, upload, () -> hostOf.get(node.name()).uploadAll(
                            List.of(RenderedFile.secret(upload.server(), upload.path(), next))));
                } else if (action instanceof Action.RefreshCredentials refresh) {
                    Steps.run(events, refresh, () -> hostOf.get(node.name()).refreshCredentials(NodeLayout.of(inventory, node)));
                }
            }
            return true;
        });
        for (Action.CheckClusterHealth check : plan.actionsOf(Action.CheckClusterHealth.class)) {
            Node coordinator = inventory.coordinator();
            Steps.run(events, check, () -> waitHealthy(inventory, connections, coordinator, next));
        }
        for (Action.SavePasswordFile save : plan.actionsOf(Action.SavePasswordFile.class)) {
            Steps.run(events, save, () -> savePasswordFile(Path.of(save.path()), next));
        }
        perNode(inventory, plan.actionsOf(Action.RemoveFile.class), remove -> Steps.run(events, remove, () -> {
            RemoteShell shell = connections.of(remove.server());
            CommandResult result = shell.run(RemoteCommands.removeFiles(List.of(remove.path())));
            if (!result.ok()) {
                throw RemoteFailure.of(remove.server(), "removing " + remove.path(), result);
            }
        }));
    }

    /** The actions of each node in parallel over the nodes. */
    private static <A extends Action> void perNode(Inventory inventory, List<A> actions, Consumer<A> work) {
        Parallel.run(actions, action -> {
            work.accept(action);
            return true;
        });
    }

    /** New node-to-node connections may take a moment to use the new file: polled, bounded (one minute). */
    private void waitHealthy(Inventory inventory, ServerSessions connections, Node coordinator, String password) {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (true) {
            try (CitusAdmin admin = databases.open(inventory, coordinator, connections.of(coordinator.server()), password)) {
                if (admin.clusterHealthy()) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new CitusDeployException(ExitCode.REMOTE_FAILURE, "citus_check_cluster_node_health() on the coordinator"
                        + " is not all true one minute after the password changed; run rotate-password again to finish");
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CitusDeployException(ExitCode.INTERNAL, "interrupted while checking the cluster's health", e);
            }
        }
    }

    /** Replaces the file atomically with a 0600 one holding the password. */
    private static void savePasswordFile(Path file, String password) {
        try {
            Path folder = file.toAbsolutePath().getParent();
            Path temp = Files.createTempFile(folder, ".citus-deploy-password", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.writeString(temp, password + "\n");
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new CitusDeployException(ExitCode.INTERNAL, "cannot write the new password to " + file + ": " + e.getMessage()
                    + "; the servers keep it in " + NodeCredentials.PENDING_FILE + ": run rotate-password again", e);
        }
    }
}
