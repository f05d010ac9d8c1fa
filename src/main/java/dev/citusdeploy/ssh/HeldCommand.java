package dev.citusdeploy.ssh;

import java.util.List;

/**
 * A command that keeps running on the server while citus-deploy works (a lock holder): started
 * by {@link RemoteShell#hold}, it lives until {@link #close()} closes its stdin, or until the
 * connection drops (citus-deploy killed, the network gone): the server ends it either way.
 *
 * @param lines    what it printed before it was ready (or before it exited)
 * @param running  true when it printed its ready line and keeps running; false when it exited
 * @param exitCode its exit status when it exited (-1 while it runs)
 */
public record HeldCommand(List<String> lines, boolean running, int exitCode, Runnable release) implements AutoCloseable {

    public HeldCommand {
        lines = List.copyOf(lines);
    }

    /** Ends the command: its stdin closes, it finishes, and the channel closes. */
    @Override
    public void close() {
        release.run();
    }
}
