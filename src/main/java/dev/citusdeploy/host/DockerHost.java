package dev.citusdeploy.host;

import dev.citusdeploy.CitusDeployException;
import dev.citusdeploy.ExitCode;
import dev.citusdeploy.render.NodeLayout;
import dev.citusdeploy.render.RenderedFile;
import dev.citusdeploy.ssh.CommandResult;
import dev.citusdeploy.ssh.RemoteCommands;
import dev.citusdeploy.ssh.RemoteFailure;
import dev.citusdeploy.ssh.RemoteShell;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Docker and Compose on one server, driven through its {@link RemoteShell}. */
public final class DockerHost {
    private final RemoteShell shell;
    private final String osRelease;
    /** How this server runs Compose; null until asked (only a start needs it). */
    private List<String> compose;

    private DockerHost(RemoteShell shell, String osRelease) {
        this.shell = shell;
        this.osRelease = osRelease;
    }

    /** The commands {@link #detect(RemoteShell, List)} reads, to batch with other inspections. */
    public static List<List<String>> detectCommands() {
        return List.of(RemoteCommands.dockerServerVersion(), RemoteCommands.readFileIfExists("/etc/os-release"));
    }

    /** The commands {@link #knownCompose} reads: the Compose plugin's version, and a docker-compose binary's. */
    public static List<List<String>> composeCommands() {
        return List.of(RemoteCommands.composeVersion(PLUGIN), RemoteCommands.composeVersion(STANDALONE));
    }

    private static final List<String> PLUGIN = List.of("docker", "compose");
    private static final List<String> STANDALONE = List.of("docker-compose");

    /** {@link #detect(RemoteShell, List)} with its commands run in one batch. */
    public static DockerHost detect(RemoteShell shell) {
        return detect(shell, shell.runAll(detectCommands()));
    }

    /**
     * Checks that Docker answers, from the results of {@link #detectCommands()}; where it does not,
     * says how to install it on that server's OS. Compose is found when a start needs it
     * ({@link #knownCompose}, {@link #requireCompose}).
     */
    public static DockerHost detect(RemoteShell shell, List<CommandResult> results) {
        return detect(shell, results.get(0), results.get(1));
    }

    /**
     * {@link #detect(RemoteShell, List)} from the result of any docker command ({@code docker}):
     * Docker answers unless it failed for another reason than an object it does not have (an image
     * inspect of an image the server has not pulled yet is an answer), and the server's
     * /etc/os-release.
     */
    public static DockerHost detect(RemoteShell shell, CommandResult docker, CommandResult os) {
        String osRelease = os.ok() ? os.stdout() : "";
        if (!docker.ok() && !docker.stderr().contains("No such ")) {
            String reason = docker.reason();
            String hint = reason.contains("permission denied") ? " (log in as root or as a member of the docker group)"
                    : isMissing(docker) ? "; " + DockerInstallHint.forServer(osRelease, true) : "";
            throw new CitusDeployException(ExitCode.REMOTE_FAILURE,
                    "server " + shell.server() + ": Docker is not available: " + reason + hint);
        }
        return new DockerHost(shell, osRelease);
    }

    /**
     * Finds Compose v2 (the plugin, else a docker-compose 2.x binary) from the results of
     * {@link #composeCommands()}; where neither is, says how to install it on that server's OS.
     */
    public synchronized void knownCompose(List<CommandResult> results) {
        for (int i = 0; i <= 1; i++) {
            CommandResult version = results.get(i);
            if (version.ok() && !version.stdout().strip().startsWith("1.")) {
                compose = i == 0 ? PLUGIN : STANDALONE;
                return;
            }
        }
        throw new CitusDeployException(ExitCode.REMOTE_FAILURE, "server " + shell.server()
                + ": Docker Compose v2 not found (neither the docker compose plugin nor a docker-compose 2.x;"
                + " docker-compose 1.x is not supported); " + DockerInstallHint.forServer(osRelease, false));
    }

    /** Fails, before anything changes, when the server has no Compose v2 (asked once, when not known yet). */
    public synchronized void requireCompose() {
        if (compose == null) {
            knownCompose(shell.runAll(composeCommands()));
        }
    }

    private static boolean isMissing(CommandResult docker) {
        return docker.exitCode() == 127 || docker.reason().contains("not found");
    }

    public String server() {
        return shell.server();
    }

    public RemoteShell shell() {
        return shell;
    }

    /** SHA-256 of each of these files that exists on the server, by path. */
    public java.util.Map<String, String> fileHashes(NodeLayout layout, List<String> paths) {
        return fileHashes(layout, shell.run(RemoteCommands.fileHashes(paths)));
    }

    /** {@link #fileHashes(NodeLayout, List)} from the result of {@link RemoteCommands#fileHashes}. */
    public java.util.Map<String, String> fileHashes(NodeLayout layout, CommandResult hashes) {
        if (!hashes.ok()) {
            throw RemoteFailure.of(shell.server(), "reading " + layout.dir(), hashes);
        }
        return RemoteCommands.parseHashes(hashes.stdout());
    }

    /** The server's copy of these files (those that exist), for diffs; never called for secrets. */
    public java.util.Map<String, String> fileTexts(List<String> paths) {
        if (paths.isEmpty()) {
            return java.util.Map.of();
        }
        return fileTexts(paths, shell.run(RemoteCommands.readFiles(paths)));
    }

    /** {@link #fileTexts(List)} from the result of {@link RemoteCommands#readFiles}. */
    public java.util.Map<String, String> fileTexts(List<String> paths, CommandResult read) {
        if (!read.ok()) {
            throw RemoteFailure.of(shell.server(), "reading " + String.join(", ", paths), read);
        }
        return RemoteCommands.parseFiles(read.stdout());
    }

    public ContainerState containerState(String container) {
        return containerState(container, shell.run(RemoteCommands.containerState(container)));
    }

    /** {@link #containerState(String)} from the result of {@link RemoteCommands#containerState}. */
    public ContainerState containerState(String container, CommandResult state) {
        if (state.ok()) {
            return ContainerState.parse(state.stdout());
        }
        if (state.stderr().contains("No such")) {
            return ContainerState.absent();
        }
        throw RemoteFailure.of(shell.server(), "docker inspect " + container, state);
    }

    /** The password kept on the server by an earlier apply, if any. Never printed. */
    public Optional<String> storedPassword(NodeLayout layout) {
        return storedPassword(shell.run(RemoteCommands.readFileIfExists(layout.path(NodeLayout.PASSWORD_FILE))));
    }

    /** {@link #storedPassword(NodeLayout)} from the result of reading the node's password file. */
    public Optional<String> storedPassword(CommandResult read) {
        if (!read.ok()) {
            throw RemoteFailure.of(shell.server(), "reading the stored password", read);
        }
        String password = read.stdout().strip();
        return password.isEmpty() ? Optional.empty() : Optional.of(password);
    }

    public void upload(RenderedFile file) {
        CommandResult write = shell.run(RemoteCommands.writeFile(file.path(), file.mode()), file.content());
        if (!write.ok()) {
            throw RemoteFailure.of(shell.server(), "writing " + file.path(), write);
        }
    }

    /** Writes several files in one command (one round trip), each atomically; see {@link RemoteCommands#writeFiles}. */
    public void uploadAll(List<RenderedFile> files) {
        if (files.size() == 1) {
            upload(files.get(0));
            return;
        }
        java.io.ByteArrayOutputStream stream = new java.io.ByteArrayOutputStream();
        files.forEach(f -> stream.writeBytes(f.content()));
        CommandResult write = shell.run(RemoteCommands.writeFiles(files.stream().map(RenderedFile::path).toList(),
                files.stream().map(RenderedFile::mode).toList(), files.stream().map(f -> f.content().length).toList()),
                stream.toByteArray());
        if (!write.ok()) {
            throw RemoteFailure.of(shell.server(), "writing " + String.join(", ", files.stream().map(RenderedFile::path).toList()), write);
        }
    }

    public void composeUp(NodeLayout layout) {
        requireCompose();
        CommandResult up = shell.run(RemoteCommands.composeUp(compose, layout.project(), layout.dir(), NodeLayout.COMPOSE_FILE), null,
                RemoteCommands.PULL_TIMEOUT);
        if (!up.ok()) {
            throw RemoteFailure.of(shell.server(), "docker compose up for " + layout.container(), up);
        }
    }

    /**
     * What PostgreSQL in the node's running container says of the node's postgresql.conf as it is on
     * disk now, read as a restart would read it; empty when it accepts the file.
     */
    public Optional<String> postgresConfProblem(NodeLayout layout) {
        CommandResult check = shell.run(RemoteCommands.checkPostgresConf(layout.container(),
                NodeLayout.CONFIG_DIR_IN_CONTAINER + "/" + NodeLayout.POSTGRESQL_CONF));
        if (check.ok()) {
            return Optional.empty();
        }
        if (check.stderr().contains("No such container") || check.stderr().contains("is not running")) {
            throw RemoteFailure.of(shell.server(), "checking the configuration of " + layout.container(), check);
        }
        // PostgreSQL logs each bad line, then "configuration file ... contains errors": keep the details.
        List<String> lines = check.stderr().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        List<String> details = lines.stream().filter(l -> !l.contains("contains errors")).toList();
        return Optional.of(String.join("; ", (details.isEmpty() ? lines : details).stream()
                .map(l -> l.replaceFirst("^\\d{4}-\\d\\d-\\d\\d [0-9:.]+ \\S+ \\[\\d+\\] ", "")
                        .replaceFirst("^(LOG|FATAL|ERROR|DETAIL|HINT):\\s+", "")).toList()));
    }

    /** The running container rewrites its password copy and libpq password file (entrypoint.sh --refresh-password). */
    public void refreshCredentials(NodeLayout layout) {
        CommandResult refresh = shell.run(RemoteCommands.refreshCredentials(layout.container(),
                NodeLayout.CONFIG_DIR_IN_CONTAINER + "/" + NodeLayout.ENTRYPOINT));
        if (!refresh.ok()) {
            throw RemoteFailure.of(shell.server(), "refreshing the password file in " + layout.container(), refresh);
        }
    }

    /** docker restart of the node's container (PostgreSQL's fast shutdown, up to two minutes). */
    public void restart(NodeLayout layout) {
        CommandResult restart = shell.run(RemoteCommands.restartContainer(layout.container()), null, RemoteCommands.STOP_TIMEOUT);
        if (!restart.ok()) {
            throw RemoteFailure.of(shell.server(), "restarting container " + layout.container(), restart);
        }
    }

    /** Stops and removes the node's container (the data volume stays); a no-op when there is none. */
    public void removeContainer(NodeLayout layout) {
        removeContainer(layout.container());
    }

    /** Stops these containers together (see {@link RemoteCommands#stopContainers}). */
    public void stopContainers(List<String> containers) {
        CommandResult stop = shell.run(RemoteCommands.stopContainers(containers), null, RemoteCommands.STOP_TIMEOUT);
        if (!stop.ok()) {
            throw RemoteFailure.of(shell.server(), "stopping containers " + String.join(", ", containers), stop);
        }
    }

    public void removeContainer(String container) {
        CommandResult remove = shell.run(RemoteCommands.removeContainer(container), null, RemoteCommands.STOP_TIMEOUT);
        if (!remove.ok()) {
            throw RemoteFailure.of(shell.server(), "removing container " + container, remove);
        }
    }

    /** Deletes the node's data volume and folder: only for destroy. */
    public void removeData(NodeLayout layout) {
        removeData(layout.volume(), layout.dir());
    }

    /** Deletes a data volume and a node folder, where they exist (an empty name: none). */
    public void removeData(String volume, String folder) {
        List<List<String>> commands = new java.util.ArrayList<>();
        if (!volume.isEmpty()) {
            commands.add(RemoteCommands.removeVolume(volume));
        }
        if (!folder.isEmpty()) {
            commands.add(RemoteCommands.removeNodeFolder(folder));
        }
        for (List<String> argv : commands) {
            CommandResult result = shell.run(argv);
            if (!result.ok()) {
                throw RemoteFailure.of(shell.server(), "removing " + argv.get(argv.size() - 1), result);
            }
        }
    }

    public boolean folderExists(String dir) {
        return answersYes(RemoteCommands.folderExists(dir), "looking for " + dir);
    }

    public boolean networkExists(String network) {
        return answersYes(RemoteCommands.networkExists(network), "docker network inspect " + network);
    }

    private boolean answersYes(List<String> argv, String step) {
        CommandResult result = shell.run(argv);
        if (!result.ok()) {
            throw RemoteFailure.of(shell.server(), step, result);
        }
        return result.stdout().strip().equals("yes");
    }

    public void removeNetwork(String network) {
        CommandResult result = shell.run(RemoteCommands.removeNetwork(network));
        if (!result.ok()) {
            throw RemoteFailure.of(shell.server(), "removing network " + network, result);
        }
    }

    /**
     * Waits until the node's PostgreSQL accepts connections (see {@link RemoteCommands#waitReady}:
     * one command that polls on the server); fails early, with the log's reason, if the container
     * stops or restarts, and after {@code timeout}.
     */
    public void waitReady(String node, NodeLayout layout, int port, String user, String database, Duration timeout) {
        CommandResult wait = shell.run(RemoteCommands.waitReady(layout.container(), port, user, database, timeout.toSeconds()),
                null, timeout.plus(Duration.ofSeconds(30)));
        readyOrFail(node, layout, timeout, wait);
    }

    /**
     * docker compose up for the node, then {@link #waitReady} in the same remote command (one round
     * trip less per started node).
     */
    public void startAndWaitReady(String node, NodeLayout layout, int port, String user, String database, Duration timeout) {
        requireCompose();
        thenWaitReady(RemoteCommands.composeUp(compose, layout.project(), layout.dir(), NodeLayout.COMPOSE_FILE),
                RemoteCommands.PULL_TIMEOUT, "docker compose up for " + layout.container(), node, layout, port, user, database, timeout);
    }

    /** {@link #restart}, then {@link #waitReady} in the same remote command. */
    public void restartAndWaitReady(String node, NodeLayout layout, int port, String user, String database, Duration timeout) {
        thenWaitReady(RemoteCommands.restartContainer(layout.container()), RemoteCommands.STOP_TIMEOUT,
                "restarting container " + layout.container(), node, layout, port, user, database, timeout);
    }

    private void thenWaitReady(List<String> first, Duration firstTimeout, String step, String node, NodeLayout layout, int port,
                               String user, String database, Duration timeout) {
        CommandResult result = shell.run(RemoteCommands.startThenWaitReady(first, layout.container(), port, user, database,
                timeout.toSeconds()), null, firstTimeout.plus(timeout).plus(Duration.ofSeconds(30)));
        if (result.exitCode() == RemoteCommands.START_FAILED) {
            throw RemoteFailure.of(shell.server(), step, result);
        }
        readyOrFail(node, layout, timeout, result);
    }

    private void readyOrFail(String node, NodeLayout layout, Duration timeout, CommandResult wait) {
        if (wait.exitCode() == RemoteCommands.READY) {
            return;
        }
        if (wait.exitCode() != RemoteCommands.CRASHED && wait.exitCode() != RemoteCommands.NOT_READY) {
            throw RemoteFailure.of(shell.server(), "waiting for node " + node + " to accept connections", wait);
        }
        ContainerState state = containerState(layout.container());
        boolean crashed = state.exists() && wait.exitCode() == RemoteCommands.CRASHED;
        String why = !state.exists() ? "the container is gone"
                : crashed ? "the container " + (state.running() ? "restarted" : "is " + state.status())
                : "not accepting connections after " + timeout.toSeconds() + " s";
        throw new CitusDeployException(ExitCode.REMOTE_FAILURE, "node " + node + " on server " + shell.server()
                + ": PostgreSQL did not start: " + why + logReason(layout.container()));
    }

    /** The most telling line of the container log: the last FATAL/PANIC/ERROR, else the last line. */
    private String logReason(String container) {
        CommandResult logs = shell.run(RemoteCommands.containerLogs(container, 40));
        String text = logs.stdout() + "\n" + logs.stderr();
        String reason = "";
        for (String line : text.split("\n")) {
            if (line.contains("FATAL") || line.contains("PANIC") || line.contains("ERROR") || line.contains("error:")) {
                reason = line.strip();
            }
        }
        if (reason.isEmpty()) {
            String[] lines = text.strip().split("\n");
            reason = lines[lines.length - 1].strip();
        }
        if (reason.contains("could not access file \"citus\"")) {
            return "; the image has no Citus (" + reason + ")";
        }
        return reason.isEmpty() ? "" : "; log: " + reason;
    }


}
