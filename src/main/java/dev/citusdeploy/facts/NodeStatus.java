package dev.citusdeploy.facts;

/**
 * One node as status sees it.
 *
 * @param container  docker's state of the container ("running (healthy)", "absent", ...)
 * @param reachable  whether citus-deploy could log in to PostgreSQL
 * @param error      why not, when not reachable (or another problem), else ""
 * @param citus      citus_version() or "" when the extension is not created
 * @param registered whether the coordinator's pg_dist_node lists it (the coordinator: its own row)
 * @param shards     shard placements it holds (citus_shards), and {@code bytes} their size
 * @param pendingRestart settings whose new value waits for a restart (citus-deploy apply restarts the node)
 * @param composeOutdated its container was created from an older compose file than the one on its server
 * @param closedToShards a registered worker that takes no new shards (shouldhaveshards = false)
 * @param opensOnApply   closed by a scale-in of citus-deploy's that did not remove it: apply opens it again
 *                       (one closed by hand stays closed)
 */
public record NodeStatus(String node, String role, String server, String address, int port, String container,
                         boolean reachable, String error, String citus, boolean registered, boolean active, int shards,
                         long bytes, java.util.List<String> pendingRestart, boolean composeOutdated, boolean closedToShards,
                         boolean opensOnApply) {

    public NodeStatus {
        pendingRestart = java.util.List.copyOf(pendingRestart);
    }

    public boolean ok() {
        return reachable && error.isEmpty() && !citus.isEmpty() && registered && active && pendingRestart.isEmpty()
                && !composeOutdated && !opensOnApply;
    }
}
