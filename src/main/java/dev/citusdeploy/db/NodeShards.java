package dev.citusdeploy.db;

/** How many shard placements a node holds and their size, from the coordinator's citus_shards. */
public record NodeShards(String host, int port, int shards, long bytes) {
}
