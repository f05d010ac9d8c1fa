package dev.citusdeploy.apply;

import dev.citusdeploy.report.Event;
import dev.citusdeploy.ssh.CommandBatch;
import dev.citusdeploy.ssh.CommandResult;
import dev.citusdeploy.ssh.RemoteShell;
import dev.citusdeploy.ssh.ShellQuoting;
import dev.citusdeploy.ssh.Tunnel;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * A {@link RemoteShell} that reports every command it runs (for --verbose). Only argv is shown:
 * secrets travel on stdin, never in a command line.
 */
public final class ObservedShell implements RemoteShell {
    private final RemoteShell shell;
    private final Consumer<Event> events;

    public ObservedShell(RemoteShell shell, Consumer<Event> events) {
        this.shell = shell;
        this.events = events;
    }

    @Override
    public String server() {
        return shell.server();
    }

    @Override
    public CommandResult run(List<String> argv, byte[] stdin, Duration timeout) {
        long started = System.nanoTime();
        CommandResult result = shell.run(argv, stdin, timeout);
        events.accept(Event.command(shell.server(), "$ " + ShellQuoting.join(argv), Duration.ofNanos(System.nanoTime() - started),
                result.exitCode()));
        return result;
    }

    @Override
    public boolean batches() {
        return shell.batches();
    }

    /** The commands of a batch are shown one by one, each with the duration of the whole batch. */
    @Override
    public List<CommandResult> runAll(List<List<String>> commands, Duration timeout) {
        long started = System.nanoTime();
        List<CommandResult> results = shell.runAll(commands, timeout);
        ranInside(commands, results, Duration.ofNanos(System.nanoTime() - started));
        return results;
    }

    @Override
    public void ranInside(List<List<String>> commands, List<CommandResult> results, Duration took) {
        for (int i = 0; i < commands.size(); i++) {
            events.accept(Event.command(shell.server(), "$ " + ShellQuoting.join(commands.get(i)) + " (batched)", took,
                    results.get(i).exitCode()));
        }
    }

    @Override
    public dev.citusdeploy.ssh.HeldCommand hold(List<String> argv, String ready, Duration timeout) {
        long started = System.nanoTime();
        dev.citusdeploy.ssh.HeldCommand held = shell.hold(argv, ready, timeout);
        // The commands a lock runs inside (its last argument, a batch script) are shown one by one, after it.
        List<String> shown = argv.size() > 6 && argv.get(argv.size() - 1).startsWith(CommandBatch.SCRIPT_START)
                ? new java.util.ArrayList<>(argv.subList(0, argv.size() - 1)) : argv;
        if (shown != argv) {
            shown.add("<the batch below>");
        }
        events.accept(Event.command(shell.server(), "$ " + ShellQuoting.join(shown) + (held.running() ? " (held)" : ""),
                Duration.ofNanos(System.nanoTime() - started), held.running() ? 0 : held.exitCode()));
        return held;
    }

    @Override
    public Tunnel forward(String host, int port) {
        return shell.forward(host, port);
    }

    @Override
    public void close() {
        shell.close();
    }
}
