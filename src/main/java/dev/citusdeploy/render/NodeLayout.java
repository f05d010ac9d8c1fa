package dev.citusdeploy.render;

import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.Network;
import dev.citusdeploy.inventory.Node;
import java.util.List;

/**
 * Where a node's files, container and volume live on its server: one folder per cluster and node,
 * so several clusters and several nodes can share a server.
 *
 * @param project the Compose project: one per node with host networking; one per cluster on a
 *                private network (the nodes share its network)
 * @param service the node's service name in its compose file
 */
public record NodeLayout(String dir, String project, String service, String container, String volume) {

    public static final String CONFIG_DIR_IN_CONTAINER = "/etc/citus-deploy";
    public static final String COMPOSE_FILE = "compose.yaml";
    public static final String POSTGRESQL_CONF = "postgresql.conf";
    public static final String PG_HBA_CONF = "pg_hba.conf";
    public static final String ENTRYPOINT = "entrypoint.sh";
    public static final String PASSWORD_FILE = "secrets/password";

    public static NodeLayout of(Inventory inventory, Node node) {
        String container = inventory.containerName(node);
        String project = inventory.network() == Network.PRIVATE ? inventory.cluster() : container;
        return new NodeLayout(clusterDir(inventory, inventory.server(node.server())) + "/" + node.name(), project, node.name(),
                container, container + "-data");
    }

    /** The cluster's folder on {@code server}: one folder per node in it. */
    public static String clusterDir(Inventory inventory, dev.citusdeploy.inventory.Server server) {
        return trimSlash(server.dir()) + "/" + inventory.cluster();
    }

    /** The cluster's Docker network when it runs on a private network. */
    public static String networkName(Inventory inventory) {
        return inventory.cluster() + "-network";
    }

    /** Every file citus-deploy keeps in the node's folder, the secret included. */
    public List<String> files() {
        return List.of(path(COMPOSE_FILE), path(POSTGRESQL_CONF), path(PG_HBA_CONF), path(ENTRYPOINT), path(PASSWORD_FILE));
    }

    public String path(String file) {
        return dir + "/" + file;
    }

    private static String trimSlash(String dir) {
        return dir.length() > 1 && dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
    }
}
