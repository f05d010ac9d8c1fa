package dev.citusdeploy.facts;

import dev.citusdeploy.host.ClusterContainer;
import dev.citusdeploy.host.DataVolume;
import dev.citusdeploy.host.DockerHost;
import dev.citusdeploy.host.ServerImage;
import dev.citusdeploy.CitusDeployException;
import dev.citusdeploy.ExitCode;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.Node;
import dev.citusdeploy.inventory.settings.SettingProblem;
import dev.citusdeploy.inventory.settings.SettingsCatalog;
import dev.citusdeploy.render.DataLayout;
import dev.citusdeploy.render.PostgresConf;
import dev.citusdeploy.render.NodeLayout;
import dev.citusdeploy.ssh.CommandBatch;
import dev.citusdeploy.ssh.CommandResult;
import dev.citusdeploy.ssh.RemoteCommands;
import dev.citusdeploy.ssh.RemoteShell;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one server says about its nodes before anything changes: files, containers, the stored
 * password, and where each node's data lives (the layout its compose file must keep).
 */
public final class ServerFacts {
    /** Where a node's data lives, and what is known of it. */
    public record Storage(DataLayout layout, boolean hasData, Optional<Integer> dataMajor) {
    }

    public final DockerHost host;
    public final ServerImage image;
    public final Map<String, NodeFacts> nodes = new LinkedHashMap<>();
    public final Map<String, Optional<String>> storedPasswords = new LinkedHashMap<>();
    public final Map<String, Storage> storage = new LinkedHashMap<>();
    /**
     * A container of the cluster on this server that the inventory does not list here (a worker
     * removed from the inventory, or moved to another server).
     */
    public record OtherContainer(String node, String role, String container, String status, int port) {
    }

    /** The cluster's containers on this server for nodes the inventory does not put here. */
    public final List<OtherContainer> others = new ArrayList<>();
    /** Bytes free where each node's data volume lives (absent: no volume yet). */
    public final Map<String, Long> freeBytes = new LinkedHashMap<>();
    /** Nodes whose folder holds the new password of an unfinished rotate-password. */
    public final List<String> unfinishedRotation = new ArrayList<>();

    private ServerFacts(DockerHost host, ServerImage image) {
        this.host = host;
        this.image = image;
    }

    /**
     * Everything the server says, asked in one batch of commands (one round trip): Docker, the
     * image, the cluster's containers (those of its nodes, and others of the cluster), and for each
     * node its files (checksums, and the text of the files that are not secret, for diffs), stored
     * password and volume. Only when a node will start (its container is not running): Compose,
     * and what the image ships.
     */
    public static ServerFacts gather(Inventory inventory, RemoteShell shell) {
        return gather(inventory, shell, shell::runAll);
    }

    /** {@link #gather(Inventory, RemoteShell)} with the commands run by {@code ask} (one batch: see {@link ClusterFacts.Asking}). */
    public static ServerFacts gather(Inventory inventory, RemoteShell shell,
                                     java.util.function.Function<List<List<String>>, List<CommandResult>> ask) {
        List<Node> nodes = inventory.nodesOn(inventory.server(shell.server()));
        List<String> containers = nodes.stream().map(n -> NodeLayout.of(inventory, n).container()).toList();
        List<String> volumes = nodes.stream().map(n -> NodeLayout.of(inventory, n).volume()).toList();
        List<List<String>> commands = new ArrayList<>();
        commands.add(RemoteCommands.readFileIfExists("/etc/os-release"));
        int imageAt = commands.size();
        commands.add(RemoteCommands.imageFacts(inventory.image()));
        // Asked only where a node is to start: Compose, what the image ships, which volumes exist.
        List<List<String>> startCommands = new ArrayList<>(DockerHost.composeCommands());
        startCommands.add(RemoteCommands.probeLocalImage(inventory.image()));
        startCommands.add(RemoteCommands.volumesExist(volumes));
        int containersAt = commands.size();
        commands.add(RemoteCommands.clusterContainers(inventory.cluster(), containers, volumes, startCommands));
        int nodesAt = commands.size();
        for (Node node : nodes) {
            NodeLayout layout = NodeLayout.of(inventory, node);
            commands.add(RemoteCommands.fileHashes(layout.files()));
            commands.add(RemoteCommands.readFiles(textFiles(layout)));
            commands.add(RemoteCommands.readFileIfExists(layout.path(NodeLayout.PASSWORD_FILE)));
            commands.add(RemoteCommands.readFileIfExists(layout.path(NodeCredentials.PENDING_FILE)));
            commands.add(RemoteCommands.modifiedAt(layout.path(NodeLayout.COMPOSE_FILE)));
        }
        List<CommandResult> results = ask.apply(commands);
        // Docker answers when the image inspect did (a missing image is an answer too).
        DockerHost host = DockerHost.detect(shell, results.get(imageAt), results.get(0));
        ServerFacts facts = new ServerFacts(host, new ServerImage(shell, inventory.image()));
        facts.image.knownFacts(results.get(imageAt));
        CommandResult listed = results.get(containersAt);
        List<String> lines = listed.stdout().lines().toList();
        int starting = lines.indexOf(RemoteCommands.STARTING);
        CommandResult volumesFound = new CommandResult(0, "", "");
        if (starting >= 0) {
            List<CommandResult> started = CommandBatch.parse(startCommands,
                    new CommandResult(0, String.join("\n", lines.subList(starting + 1, lines.size())), ""));
            if (started.get(0).exitCode() != -1 && started.get(1).exitCode() != -1) {
                host.knownCompose(started.subList(0, 2)); // else (no answer at all) Compose is asked again before a start
            }
            facts.image.knownProbe(started.get(2));
            volumesFound = started.get(3);
            listed = new CommandResult(listed.exitCode(), String.join("\n", lines.subList(0, starting)), listed.stderr());
        }
        Map<String, ClusterContainer> found = ClusterContainer.parse(shell.server(), listed);
        List<String> here = nodes.stream().map(Node::name).toList();
        found.values().stream().filter(c -> !c.node().isEmpty() && !here.contains(c.node()) && !containers.contains(c.name()))
                .forEach(c -> facts.others.add(new OtherContainer(c.node(), c.role(), c.name(), c.state().status(), c.state().port())));
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            NodeLayout layout = NodeLayout.of(inventory, node);
            List<CommandResult> of = results.subList(nodesAt + i * NODE_COMMANDS, nodesAt + (i + 1) * NODE_COMMANDS);
            ClusterContainer container = found.get(layout.container());
            NodeFacts nodeFacts = new NodeFacts(node.name(), host.fileHashes(layout, of.get(0)),
                    host.fileTexts(textFiles(layout), of.get(1)), ClusterContainer.stateOf(found, layout.container()),
                    DatabaseFacts.notRunning(), container != null && composeOutdated(container.created(), of.get(4)));
            facts.nodes.put(node.name(), nodeFacts);
            facts.storedPasswords.put(node.name(), host.storedPassword(of.get(2)));
            facts.storage.put(node.name(), facts.storageOf(layout, nodeFacts,
                    DataVolume.existsAmong(shell.server(), layout.volume(), volumesFound)));
            if (host.storedPassword(of.get(3)).isPresent()) {
                facts.unfinishedRotation.add(node.name());
            }
        }
        return facts;
    }

    private static final int NODE_COMMANDS = 5;

    /**
     * True when the compose file changed after the container was created ({@code modified}: the
     * result of {@link RemoteCommands#modifiedAt} for the compose file; both times are the server's).
     */
    static boolean composeOutdated(long created, CommandResult modified) {
        String time = modified.stdout().strip();
        return modified.ok() && created >= 0 && time.matches("\\d+") && Long.parseLong(time) > created;
    }

    /**
     * Bytes free where each node's data volume lives (asked only when shards will move off leaving
     * workers: one more round trip then).
     */
    public void readFreeBytes(Inventory inventory) {
        List<Node> nodes = inventory.nodesOn(inventory.server(host.server()));
        List<CommandResult> results = host.shell().runAll(nodes.stream()
                .map(n -> RemoteCommands.volumeFreeBytes(NodeLayout.of(inventory, n).volume())).toList());
        for (int i = 0; i < nodes.size(); i++) {
            String free = results.get(i).stdout().strip();
            if (results.get(i).ok() && free.matches("\\d+")) {
                freeBytes.put(nodes.get(i).name(), Long.parseLong(free));
            }
        }
    }

    private static List<String> textFiles(NodeLayout layout) {
        return layout.files().stream().filter(f -> !f.equals(layout.path(NodeLayout.PASSWORD_FILE))).toList();
    }

    /**
     * An existing container keeps its mounts; a volume without a container keeps the layout of the
     * data on it; only a node without data gets the layout of its image's PostgreSQL major.
     */
    private Storage storageOf(NodeLayout layout, NodeFacts facts, boolean volumeExists) {
        Optional<DataLayout> mounted = facts.container().dataLayout(layout.volume());
        if (mounted.isPresent()) {
            return new Storage(mounted.get(), true, Optional.empty());
        }
        if (volumeExists) {
            Optional<DataVolume> data = DataVolume.read(host.shell(), layout.volume(), image.image(), image.pgMajor());
            if (data.isPresent()) {
                return new Storage(data.get().layout(), true, Optional.of(data.get().pgMajor()));
            }
        }
        return new Storage(DataLayout.forNewNode(image.pgMajor()), false, Optional.empty());
    }

    /**
     * Every setting of this server's nodes must exist, with a valid value, in the PostgreSQL major
     * its image runs (validate checked them against any supported major): a setting the server does
     * not know would stop it at its next restart. One line per problem; nothing has changed yet.
     */
    public List<String> settingProblems(Inventory inventory) {
        int major = image.pgMajor();
        if (!SettingsCatalog.SUPPORTED_MAJORS.contains(major)) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        for (String node : nodes.keySet()) {
            Map<String, String> settings = new LinkedHashMap<>();
            PostgresConf.forNode(inventory, inventory.node(node)).forEach(s -> settings.put(s.name(), s.value()));
            for (SettingProblem problem : SettingsCatalog.forMajor(major).check(settings)) {
                problems.add("node " + node + " on server " + host.server() + ": " + problem + "; image " + image.image()
                        + " runs PostgreSQL " + major);
            }
        }
        return problems;
    }

    /**
     * Before nodes (re)start on existing data: the image must run the PostgreSQL major that wrote
     * it, or PostgreSQL would refuse the data directory and the node would not come back. One line
     * per node that would not.
     */
    public void requireSameMajor(Inventory inventory, List<String> nodes) {
        List<String> problems = new ArrayList<>();
        for (String node : nodes) {
            Storage stored = storage.get(node);
            if (!stored.hasData()) {
                continue;
            }
            NodeLayout layout = NodeLayout.of(inventory, inventory.node(node));
            int dataMajor = stored.dataMajor().orElseGet(() ->
                    DataVolume.read(host.shell(), layout.volume(), image.image(), image.pgMajor())
                            .map(DataVolume::pgMajor).orElse(image.pgMajor()));
            if (dataMajor != image.pgMajor()) {
                problems.add("node " + node + " on server " + host.server() + ": its data (volume " + layout.volume()
                        + ") is PostgreSQL " + dataMajor + ", but image " + image.image() + " runs PostgreSQL "
                        + image.pgMajor() + "; citus-deploy never re-initialises data: keep an image of PostgreSQL "
                        + dataMajor + " (with the same Citus) for this cluster");
            }
        }
        if (!problems.isEmpty()) {
            throw new CitusDeployException(ExitCode.REMOTE_FAILURE, problems, null);
        }
    }
}
