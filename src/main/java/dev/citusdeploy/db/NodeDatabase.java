package dev.citusdeploy.db;

import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.Node;
import dev.citusdeploy.ssh.RemoteShell;
import dev.citusdeploy.ssh.Tunnel;

/** Opens a {@link CitusAdmin} to a node through an SSH tunnel from its server's own loopback. */
public interface NodeDatabase {

    CitusAdmin open(Inventory inventory, Node node, RemoteShell shell, String password);

    /** The real one: port forwarding over the server's SSH connection, then JDBC. */
    static NodeDatabase tunnelled() {
        return tunnelled(SqlLog.NONE);
    }

    /** The same, telling {@code log} every statement (for --verbose). */
    static NodeDatabase tunnelled(SqlLog log) {
        return tunnelled(log, JdbcCitusAdmin.APPLICATION_NAME);
    }

    /**
     * For status, which only reads and may run every few seconds from a monitoring system: its
     * sessions show under another application name, so that apply does not wait for them (see
     * {@link CitusAdmin#othersRunning()}).
     */
    static NodeDatabase readOnly() {
        return tunnelled(SqlLog.NONE, JdbcCitusAdmin.APPLICATION_NAME + " status");
    }

    private static NodeDatabase tunnelled(SqlLog log, String applicationName) {
        return (inventory, node, shell, password) -> {
            Tunnel tunnel = shell.forward("127.0.0.1", node.port());
            try {
                CitusAdmin admin = JdbcCitusAdmin.connect(node.name(), tunnel.localHost(), tunnel.localPort(),
                        inventory.database(), inventory.user(), password, log, applicationName);
                return new TunnelledAdmin(admin, tunnel);
            } catch (RuntimeException e) {
                tunnel.close();
                throw e;
            }
        };
    }
}
