package dev.citusdeploy.ssh;

import java.util.List;

/**
 * The port through which citus-deploy touches a server: run a command, forward a TCP port.
 * One instance per server holds one connection that every step reuses.
 */
public interface RemoteShell extends AutoCloseable {

    /** The inventory name of the server, for messages. */
    String server();

    /** Runs argv (quoted for the remote shell) with the given bytes on stdin (may be null). */
    CommandResult run(List<String> argv, byte[] stdin);

    default CommandResult run(List<String> argv) {
        return run(argv, null);
    }

    /** Forwards a local port to {@code host:port} as seen from the server. */
    Tunnel forward(String host, int port);

    @Override
    void close();
}
