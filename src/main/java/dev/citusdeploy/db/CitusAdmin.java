package dev.citusdeploy.db;

import java.util.List;
import java.util.Optional;

/** The port through which citus-deploy talks to one PostgreSQL node. */
public interface CitusAdmin extends AutoCloseable {

    /** True when the server's image ships the citus extension (pg_available_extensions). */
    boolean citusAvailable();

    /** The version of the citus extension created in the database, if it is. */
    Optional<String> installedCitusVersion();

    void createCitusExtension();

    /** citus_version(), e.g. "Citus 13.2.2 on x86_64-pc-linux-gnu, ..." */
    String citusVersion();

    /**
     * Statements other citus-deploy sessions are running on this node, oldest first (this
     * session's own excluded). Under the cluster lock they are those of a run that ended without
     * waiting for them (killed): PostgreSQL finishes what it was sent.
     */
    List<RunningStatement> othersRunning();

    /** pg_dist_node, ordered by nodeid. */
    List<DistNode> distNodes();

    /** Shard placements and bytes per node (citus_shards); asked of the coordinator. */
    List<NodeShards> shardsPerNode();

    void setCoordinatorHost(String host, int port);

    int addNode(String host, int port);

    void activateNode(String host, int port);

    /** One reading of a background job's progress (citus_job_status). */
    JobStatus jobStatus(long jobId);

    /** pg_settings: each setting's context (postmaster = restart only, sighup = reload, ...), by lower-case name. */
    java.util.Map<String, String> settingContexts();

    /**
     * Settings whose change waits for a restart: pg_settings.pending_restart, and restart-only
     * settings whose value in the files on disk differs from the running one (pg_file_settings).
     */
    List<String> pendingRestart();

    void reloadConfiguration();

    /**
     * What the server would reject in its configuration files as they are on disk now (before a
     * reload): pg_file_settings errors (except a restart-only setting's "could not be applied",
     * which is a pending restart, not an error) and pg_hba_file_rules errors, one line each.
     */
    List<String> configurationErrors();

    /**
     * Changes {@code user}'s password on this node only (Citus' ALTER ROLE propagation off: each
     * node is changed on purpose). The password never travels as text: the SCRAM-SHA-256 verifier is
     * computed here, so it cannot appear in a server log either.
     */
    void setPassword(String user, String password);

    /** True when postgresql.conf or pg_hba.conf changed on disk after the server last read them. */
    boolean reloadNeeded();

    /** citus_check_cluster_node_health() (asked of the coordinator): true when every pair of nodes connects. */
    boolean clusterHealthy();

    /**
     * Writes (or rewrites, by run id) a run's record in citus_deploy.runs, creating the schema and
     * table when missing (local to this node: DDL propagation is off for it). Writing a running
     * record marks the other records still "running" as interrupted: the lock says they are dead.
     */
    void recordRun(RunRecord run);

    /** The recorded runs, newest first (at most {@code limit}); none when nothing was ever recorded. */
    List<RunRecord> runs(int limit);

    /** Shards of distributed tables (reference tables left out) and their bytes, per node (citus_shards). */
    List<NodeShards> distributedShardsPerNode();

    /** Background jobs (rebalances, drains) that are scheduled, running, cancelling or failing. */
    List<Long> activeJobs();

    /** Distributed tables whose shards logical replication cannot move: no replica identity (no primary key). */
    List<String> tablesWithoutReplicaIdentity();

    /**
     * The workers (host:port) that citus-deploy closed to shards last: in the plans recorded in
     * citus_deploy.runs, the newest step that opened or closed each of them closed it. Empty
     * when no run was recorded.
     */
    List<String> closedByCitusDeploy();

    /** citus_set_node_property(host, port, 'shouldhaveshards', value). */
    void setShouldHaveShards(String host, int port, boolean value);

    /**
     * citus_rebalance_start(drain_only => true, shard_transfer_mode => mode): moves every shard off
     * the nodes that should not have shards, as a background job; empty when nothing needs to move.
     */
    Optional<Long> startDrain(String transferMode);

    /**
     * Placements of distributed tables per registered worker, from the metadata alone (cheap: no
     * size is asked of the workers); a worker without any is listed with 0.
     */
    List<NodeShards> placementsPerWorker();

    /** What citus_rebalance_start() would move now: get_rebalance_table_shards_plan(), as {moves, bytes}. */
    long[] rebalanceMoves();

    /** citus_rebalance_start(shard_transfer_mode => mode) as a background job; empty when nothing needs to move. */
    Optional<Long> startRebalance(String transferMode);

    /** Rows of this node's own pg_dist_node: 0 on a node that never belonged to a cluster with metadata. */
    int ownDistNodeRows();

    /** This node's own group id (pg_dist_local_group): 0 on the coordinator, the worker's row otherwise. */
    int localGroup();

    /** citus_update_node(nodeid, host, port): the worker keeps its shards under its new address. */
    void updateNode(int nodeId, String host, int port);

    /** Recent background jobs worth a look (failed, failing, cancelled, or retrying), one line each. */
    List<String> jobFindings();

    /** Runs Citus' own cleanup of what interrupted shard moves left (citus_cleanup_orphaned_resources). */
    void cleanupOrphanedResources();

    /** citus_remove_node(host, port); Citus refuses while the node holds shards. */
    void removeNode(String host, int port);

    @Override
    void close();
}
