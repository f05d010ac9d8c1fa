package dev.citusdeploy.ssh;

import java.time.Duration;
import java.util.List;

/**
 * The port through which citus-deploy touches a server: run a command, forward a TCP port.
 * One instance per server holds one connection that every step reuses.
 */
public interface RemoteShell extends AutoCloseable {

    /** The inventory name of the server, for messages. */
    String server();

    /** What an ordinary command (inspect, write a file, a throw-away container) may take. */
    Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    /**
     * Runs argv (quoted for the remote shell) with the given bytes on stdin (may be null). A command
     * that has not finished after {@code timeout} is abandoned and reported as a failure that says
     * so; it never blocks the caller longer (plus the time to close its channel).
     */
    CommandResult run(List<String> argv, byte[] stdin, Duration timeout);

    default CommandResult run(List<String> argv, byte[] stdin) {
        return run(argv, stdin, DEFAULT_TIMEOUT);
    }

    default CommandResult run(List<String> argv) {
        return run(argv, null, DEFAULT_TIMEOUT);
    }

    /**
     * Runs independent commands that change nothing (inspections, reads) and returns their results
     * in order. This default runs them one after the other; shells where a command costs a round
     * trip run them as one {@link CommandBatch}. {@code timeout} bounds all of them together.
     */
    default List<CommandResult> runAll(List<List<String>> commands, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<CommandResult> results = new java.util.ArrayList<>();
        for (List<String> argv : commands) {
            results.add(run(argv, null, Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))));
        }
        return results;
    }

    /**
     * True when a command costs a round trip (and a login shell) here, so that commands are best
     * run together: {@link #runAll} as one {@link CommandBatch}, and commands that need the cluster
     * lock inside the command that holds it.
     */
    default boolean batches() {
        return false;
    }

    /**
     * Told of commands that ran inside another command (as a {@link CommandBatch} inside the one
     * that holds the cluster lock), with their results and the time of the whole: for a shell that
     * shows every command it runs.
     */
    default void ranInside(List<List<String>> commands, List<CommandResult> results, Duration took) {
    }

    default List<CommandResult> runAll(List<List<String>> commands) {
        return runAll(commands, DEFAULT_TIMEOUT);
    }

    /**
     * Starts argv and reads its output lines until one equals {@code ready}: it then keeps
     * running, with its stdin open, until the returned handle is closed (or the connection ends).
     * A command that exits first is returned as exited, with what it printed. Waits at most
     * {@code timeout} for either.
     */
    HeldCommand hold(List<String> argv, String ready, Duration timeout);

    /** Forwards a local port to {@code host:port} as seen from the server. */
    Tunnel forward(String host, int port);

    @Override
    void close();
}
