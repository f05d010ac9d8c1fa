package dev.citusdeploy.inventory;

/** How the nodes' containers are networked. */
public enum Network {
    /** Each container uses its server's network: PostgreSQL listens on the server's addresses (multi-server). */
    HOST,
    /**
     * All nodes on one server share one private Docker network and reach each other by container
     * name; each node's port is published on the server (the single-machine quick start).
     */
    PRIVATE;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
