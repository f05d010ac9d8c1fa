package dev.citusdeploy.apply;

import dev.citusdeploy.CitusDeployException;
import dev.citusdeploy.ExitCode;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.render.NodeLayout;
import dev.citusdeploy.report.Event;
import dev.citusdeploy.ssh.CommandBatch;
import dev.citusdeploy.ssh.CommandResult;
import dev.citusdeploy.ssh.HeldCommand;
import dev.citusdeploy.ssh.RemoteCommands;
import dev.citusdeploy.ssh.RemoteShell;
import dev.citusdeploy.ssh.ServerSessions;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Consumer;

/**
 * One run at a time per cluster: a lock file in the cluster's folder on the coordinator's server
 * (so it exists before PostgreSQL does, and every operator's machine sees the same one), held by
 * flock(1) in a command that lives as long as this run's SSH connection. A run that dies (killed,
 * its network gone) releases it with its connection; {@code citus-deploy unlock} breaks one whose
 * holder is stuck.
 */
public final class ClusterLock implements AutoCloseable {
    public static final String LOCK_FILE = ".citus-deploy.lock";
    private static final Duration START = Duration.ofSeconds(30);
    private static final Duration RETRY = Duration.ofSeconds(1);
    /** How long a busy lock is asked again, quickly, before it counts as held (see {@link #acquire}). */
    private static final Duration GRACE = Duration.ofSeconds(1);
    private static final Duration GRACE_RETRY = Duration.ofMillis(100);

    private final HeldCommand held;
    /** When this run got the lock (System.nanoTime()), at its first attempt; -1 after a wait. */
    private final long acquiredAt;
    private final List<CommandResult> results;

    private ClusterLock(HeldCommand held, long acquiredAt, List<CommandResult> results) {
        this.held = held;
        this.acquiredAt = acquiredAt;
        this.results = results;
    }

    /** The results of the commands {@link #acquire} was given, run once the lock was held. */
    public List<CommandResult> results() {
        return results;
    }

    /**
     * True when no other run can have changed the cluster since {@code since} (System.nanoTime()
     * of this process, before this run asked the lock): this run got the lock at its first attempt,
     * and the run before released it, by the server's own clock, before that moment (the server's
     * "now" when it granted the lock, less the time this run has waited for it since {@code since}).
     * Facts gathered from then on, while the lock was being taken, are those of a cluster no run
     * was changing. False whenever it cannot be told (a holder that left its record behind, a
     * server without sub-second times).
     */
    public boolean quietSince(long since) {
        if (acquiredAt < 0) {
            return false;
        }
        String[] release = held.lines().stream().filter(l -> l.startsWith(RemoteCommands.RELEASED + " ")).findFirst()
                .map(l -> l.split(" ")).orElse(new String[0]);
        if (release.length != 4 || !release[3].equals("0") || !release[1].matches("\\d+(\\.\\d+)?")
                || !release[2].matches("\\d+\\.\\d+")) {
            return false;
        }
        double released = Double.parseDouble(release[1]);
        double granted = Double.parseDouble(release[2]);
        return released < granted - (acquiredAt - since) / 1e9;
    }

    /** The lock file of the inventory's cluster, on the coordinator's server. */
    public static String path(Inventory inventory) {
        String nodeDir = NodeLayout.of(inventory, inventory.coordinator()).dir();
        return nodeDir.substring(0, nodeDir.lastIndexOf('/')) + "/" + LOCK_FILE;
    }

    /** Who runs citus-deploy: user@machine. */
    public static String operator() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "unknown-host";
        }
        return System.getProperty("user.name") + "@" + host;
    }

    /** Who this run is, as others see it: user@machine pid N, command, since when. */
    public static String holder(String command) {
        return operator() + " pid " + ProcessHandle.current().pid() + ", citus-deploy " + command + ", since "
                + Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    /**
     * Takes the cluster's lock, waiting up to {@code wait} for another run to finish (zero: fail at
     * once). The failure names the holder and how to wait or break the lock.
     */
    public static ClusterLock acquire(Inventory inventory, ServerSessions sessions, String command, Duration wait,
                                      Consumer<Event> events) {
        return acquire(inventory, sessions.of(inventory.coordinator().server()), command, wait, events);
    }

    /** {@link #acquire(Inventory, ServerSessions, String, Duration, Consumer)} over the coordinator's server's shell. */
    public static ClusterLock acquire(Inventory inventory, RemoteShell shell, String command, Duration wait,
                                      Consumer<Event> events) {
        return acquire(inventory, shell, command, wait, events, List.of());
    }

    /**
     * Takes the lock, then runs {@code commands} (read-only, as {@link RemoteShell#runAll}) while
     * holding it, see {@link #results()}: where a command costs a round trip, inside the command
     * that takes the lock.
     */
    public static ClusterLock acquire(Inventory inventory, RemoteShell shell, String command, Duration wait,
                                      Consumer<Event> events, List<List<String>> commands) {
        boolean inside = !commands.isEmpty() && shell.batches();
        String server = shell.server();
        String file = path(inventory);
        long deadline = System.nanoTime() + wait.toNanos();
        long started = System.nanoTime();
        boolean told = false;
        while (true) {
            long tried = System.nanoTime();
            HeldCommand attempt = shell.hold(RemoteCommands.holdLock(file, holder(command),
                    inside ? CommandBatch.script(commands) : ""), RemoteCommands.LOCKED, inside ? START.plus(RemoteShell.DEFAULT_TIMEOUT) : START);
            if (attempt.running()) {
                long acquiredAt = told ? -1 : System.nanoTime();
                if (told) {
                    events.accept(Event.finished(server, "wait for the cluster lock", Duration.ofNanos(System.nanoTime() - started)));
                }
                List<CommandResult> results;
                try {
                    results = inside ? CommandBatch.parse(commands, new CommandResult(0, String.join("\n", attempt.lines()), ""))
                            : commands.isEmpty() ? List.of() : shell.runAll(commands);
                    if (inside) {
                        shell.ranInside(commands, results, Duration.ofNanos(System.nanoTime() - tried));
                    }
                } catch (RuntimeException e) {
                    attempt.close();
                    throw e;
                }
                return new ClusterLock(attempt, acquiredAt, results);
            }
            if (attempt.exitCode() != RemoteCommands.LOCK_BUSY) {
                throw lockFailure(server, file, attempt);
            }
            String holder = attempt.lines().size() > 1 ? attempt.lines().get(1) : "another run (no holder recorded)";
            if (System.nanoTime() - started < GRACE.toNanos()) {
                // A run that was killed a moment ago lets go within moments (its holder still writes
                // when it let go): ask again soon before calling the lock busy.
                sleep(GRACE_RETRY);
                continue;
            }
            if (System.nanoTime() > deadline) {
                throw new CitusDeployException(ExitCode.REMOTE_FAILURE, "cluster " + inventory.cluster() + " is locked by " + holder
                        + " (" + file + " on server " + server + "); wait for that run"
                        + (wait.isZero() ? " or give --lock-wait SECONDS" : " (waited " + wait.toSeconds() + " s)")
                        + "; if it is gone for good: citus-deploy unlock " + inventory.source().getFileName() + " --force");
            }
            if (!told) {
                events.accept(Event.started(server, "wait for the cluster lock held by " + holder));
                told = true;
            }
            sleep();
        }
    }

    private static CitusDeployException lockFailure(String server, String file, HeldCommand attempt) {
        return new CitusDeployException(ExitCode.REMOTE_FAILURE, "server " + server + ": cannot take the cluster lock "
                + file + ": " + (attempt.lines().isEmpty() ? "exit status " + attempt.exitCode() : String.join("; ", attempt.lines())));
    }

    /**
     * Breaks the lock: ends the process that holds it on the coordinator's server. Returns who held
     * it, or empty when nobody did.
     */
    public static java.util.Optional<String> breakLock(Inventory inventory, RemoteShell shell) {
        String server = shell.server();
        CommandResult result = shell.run(RemoteCommands.breakLock(path(inventory)));
        if (!result.ok()) {
            throw dev.citusdeploy.ssh.RemoteFailure.of(server, "breaking the cluster lock " + path(inventory), result);
        }
        String holder = result.stdout().strip();
        return holder.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(holder);
    }

    /** destroy only: the lock file (held by this run) and the cluster's folder on the coordinator's server once empty. */
    static void remove(Inventory inventory, RemoteShell shell) {
        CommandResult result = shell.run(RemoteCommands.removeLockFile(path(inventory)));
        if (!result.ok()) {
            throw dev.citusdeploy.ssh.RemoteFailure.of(shell.server(), "removing " + path(inventory), result);
        }
    }

    private static void sleep() {
        sleep(RETRY);
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CitusDeployException(ExitCode.INTERNAL, "interrupted while waiting for the cluster lock", e);
        }
    }

    @Override
    public void close() {
        held.close();
    }
}
