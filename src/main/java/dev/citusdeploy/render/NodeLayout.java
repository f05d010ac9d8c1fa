package dev.citusdeploy.render;

import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.Node;

/**
 * Where a node's files, container and volume live on its server. One folder per cluster and node,
 * so several clusters and several nodes can share a server.
 */
public record NodeLayout(String dir, String project, String container, String volume) {

    public static final String CONFIG_DIR_IN_CONTAINER = "/etc/citus-deploy";
    public static final String COMPOSE_FILE = "compose.yaml";
    public static final String POSTGRESQL_CONF = "postgresql.conf";
    public static final String PG_HBA_CONF = "pg_hba.conf";
    public static final String ENTRYPOINT = "entrypoint.sh";
    public static final String PASSWORD_FILE = "secrets/password";

    public static NodeLayout of(Inventory inventory, Node node) {
        String base = inventory.server(node.server()).dir();
        String name = "citus-" + inventory.cluster() + "-" + node.name();
        return new NodeLayout(trimSlash(base) + "/" + inventory.cluster() + "/" + node.name(), name, name, name + "-data");
    }

    public String path(String file) {
        return dir + "/" + file;
    }

    private static String trimSlash(String dir) {
        return dir.length() > 1 && dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
    }
}
