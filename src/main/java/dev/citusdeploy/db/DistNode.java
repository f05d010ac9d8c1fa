package dev.citusdeploy.db;

/** One row of the coordinator's pg_dist_node. */
public record DistNode(int nodeId, int groupId, String host, int port, String role, boolean active,
                       boolean shouldHaveShards) {

    public boolean isCoordinatorRow() {
        return groupId == 0;
    }
}
