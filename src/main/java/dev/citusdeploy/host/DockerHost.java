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
    private final List<String> compose;

    private DockerHost(RemoteShell shell, List<String> compose) {
        this.shell = shell;
        this.compose = compose;
    }

    /**
     * Checks that Docker answers and finds Compose v2 (the plugin, else a docker-compose 2.x
     * binary). Where either is missing, says how to install it on that server's OS.
     */
    public static DockerHost detect(RemoteShell shell) {
        CommandResult docker = shell.run(RemoteCommands.dockerServerVersion());
        if (!docker.ok()) {
            String reason = docker.reason();
            String hint = reason.contains("permission denied") ? " (log in as root or as a member of the docker group)"
                    : isMissing(docker) ? "; " + installHint(shell, true) : "";
            throw new CitusDeployException(ExitCode.REMOTE_FAILURE,
                    "server " + shell.server() + ": Docker is not available: " + reason + hint);
        }
        for (List<String> candidate : List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
            CommandResult version = shell.run(RemoteCommands.composeVersion(candidate));
            if (version.ok() && !version.stdout().strip().startsWith("1.")) {
                return new DockerHost(shell, candidate);
            }
        }
        throw new CitusDeployException(ExitCode.REMOTE_FAILURE, "server " + shell.server()
                + ": Docker Compose v2 not found (neither the docker compose plugin nor a docker-compose 2.x;"
                + " docker-compose 1.x is not supported); " + installHint(shell, false));
    }

    private static boolean isMissing(CommandResult docker) {
        return docker.exitCode() == 127 || docker.reason().contains("not found");
    }

    private static String installHint(RemoteShell shell, boolean dockerMissing) {
        CommandResult release = shell.run(RemoteCommands.readFileIfExists("/etc/os-release"));
        return DockerInstallHint.forServer(release.ok() ? release.stdout() : "", dockerMissing);
    }

    public String server() {
        return shell.server();
    }

    public RemoteShell shell() {
        return shell;
    }

    /** SHA-256 of each of these files that exists on the server, by path. */
    public java.util.Map<String, String> fileHashes(NodeLayout layout, List<String> paths) {
        CommandResult hashes = shell.run(RemoteCommands.fileHashes(paths));
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
        CommandResult read = shell.run(RemoteCommands.readFiles(paths));
        if (!read.ok()) {
            throw RemoteFailure.of(shell.server(), "reading " + String.join(", ", paths), read);
        }
        return RemoteCommands.parseFiles(read.stdout());
    }

    public ContainerState containerState(String container) {
        CommandResult state = shell.run(RemoteCommands.containerState(container));
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
        CommandResult read = shell.run(RemoteCommands.readFileIfExists(layout.path(NodeLayout.PASSWORD_FILE)));
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

    public void composeUp(NodeLayout layout) {
        CommandResult up = shell.run(RemoteCommands.composeUp(compose, layout.project(), layout.dir(), NodeLayout.COMPOSE_FILE), null,
                RemoteCommands.PULL_TIMEOUT);
        if (!up.ok()) {
            throw RemoteFailure.of(shell.server(), "docker compose up for " + layout.container(), up);
        }
    }

    /** Stops and removes the node's container (the data volume stays); a no-op when there is none. */
    public void removeContainer(NodeLayout layout) {
        CommandResult remove = shell.run(RemoteCommands.removeContainer(layout.container()), null, RemoteCommands.STOP_TIMEOUT);
        if (!remove.ok()) {
            throw RemoteFailure.of(shell.server(), "removing container " + layout.container(), remove);
        }
    }

    /** Deletes the node's data volume and folder: only for destroy. */
    public void removeData(NodeLayout layout) {
        for (List<String> argv : List.of(RemoteCommands.removeVolume(layout.volume()), RemoteCommands.removeNodeFolder(layout.dir()))) {
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
     * Polls the container's health check (no fixed sleeps: short waits that grow to one second)
     * until it is healthy; fails early, with the log's reason, if the container stops or restarts.
     */
    public void waitHealthy(String node, NodeLayout layout, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 50;
        while (true) {
            ContainerState state = containerState(layout.container());
            if (state.healthy()) {
                return;
            }
            boolean crashed = state.exists() && (!state.running() || state.restartCount() > 0);
            if (crashed || !state.exists() || System.nanoTime() > deadline) {
                String why = !state.exists() ? "the container is gone"
                        : crashed ? "the container " + (state.running() ? "restarted" : "is " + state.status())
                        : "not healthy after " + timeout.toSeconds() + " s";
                throw new CitusDeployException(ExitCode.REMOTE_FAILURE, "node " + node + " on server " + shell.server()
                        + ": PostgreSQL did not start: " + why + logReason(layout.container()));
            }
            sleep(pause);
            pause = Math.min(pause * 2, 1000);
        }
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

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CitusDeployException(ExitCode.INTERNAL, "interrupted", e);
        }
    }

}
