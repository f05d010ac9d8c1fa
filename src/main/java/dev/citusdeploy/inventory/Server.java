package dev.citusdeploy.inventory;

/**
 * A physical (or virtual) server that runs one or more nodes.
 *
 * @param address        where citus-deploy connects over SSH (127.0.0.1 for a local server)
 * @param clusterAddress where the other nodes reach this server (defaults to {@code address})
 * @param local          true for this machine: commands run directly, without SSH
 * @param dir            the folder under which each cluster and node gets its own folder
 */
public record Server(String name, String address, String clusterAddress, SshSettings ssh, String dir, boolean local) {
}
