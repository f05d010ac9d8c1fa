package dev.citusdeploy.apply;

import dev.citusdeploy.db.CitusAdmin;
import dev.citusdeploy.db.DistNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A recording fake of one node behind the {@link CitusAdmin} port; the coordinator keeps pg_dist_node. */
final class FakeAdmin implements CitusAdmin {
    final List<String> calls = new ArrayList<>();
    final List<DistNode> distNodes = new ArrayList<>();
    boolean extension;

    @Override
    public boolean citusAvailable() {
        return true;
    }

    @Override
    public Optional<String> installedCitusVersion() {
        return extension ? Optional.of("13.2-1") : Optional.empty();
    }

    @Override
    public void createCitusExtension() {
        calls.add("CREATE EXTENSION citus");
        extension = true;
    }

    @Override
    public String citusVersion() {
        return "Citus 13.2.2 on x86_64-pc-linux-gnu";
    }

    @Override
    public List<DistNode> distNodes() {
        return List.copyOf(distNodes);
    }

    @Override
    public void setCoordinatorHost(String host, int port) {
        calls.add("citus_set_coordinator_host " + host + ":" + port);
        distNodes.removeIf(DistNode::isCoordinatorRow);
        distNodes.add(new DistNode(1, 0, host, port, "primary", true, false));
    }

    @Override
    public int addNode(String host, int port) {
        calls.add("citus_add_node " + host + ":" + port);
        int id = distNodes.size() + 1;
        distNodes.add(new DistNode(id, id, host, port, "primary", true, true));
        return id;
    }

    @Override
    public void activateNode(String host, int port) {
        calls.add("citus_activate_node " + host + ":" + port);
    }

    /** What citus_job_status() answers, one reading per call; the last one repeats. */
    final java.util.Deque<dev.citusdeploy.db.JobStatus> jobReadings = new java.util.ArrayDeque<>();

    @Override
    public dev.citusdeploy.db.JobStatus jobStatus(long jobId) {
        calls.add("citus_job_status " + jobId);
        return jobReadings.size() > 1 ? jobReadings.pop() : jobReadings.peek();
    }

    @Override
    public List<dev.citusdeploy.db.NodeShards> shardsPerNode() {
        return List.of();
    }

    @Override
    public java.util.Map<String, String> settingContexts() {
        return java.util.Map.of("work_mem", "user", "max_connections", "postmaster", "shared_buffers", "postmaster");
    }

    @Override
    public List<String> pendingRestart() {
        return List.copyOf(pending);
    }

    /** What the node would reject in its configuration files (pg_file_settings, pg_hba_file_rules). */
    final List<String> configurationErrors = new ArrayList<>();
    /** Settings waiting for a restart. */
    final List<String> pending = new ArrayList<>();

    @Override
    public List<String> configurationErrors() {
        calls.add("check configuration");
        return List.copyOf(configurationErrors);
    }

    /** citus_deploy.runs, by run id. */
    final Map<String, dev.citusdeploy.db.RunRecord> runs = new java.util.LinkedHashMap<>();

    @Override
    public void recordRun(dev.citusdeploy.db.RunRecord run) {
        if (run.outcome().equals(dev.citusdeploy.db.RunRecord.RUNNING)) {
            runs.replaceAll((id, r) -> r.outcome().equals("running") && !id.equals(run.runId())
                    ? new dev.citusdeploy.db.RunRecord(r.runId(), r.startedAt(), r.finishedAt(), r.operator(), r.version(),
                    r.command(), r.inventorySha256(), r.changes(), r.planJson(), r.stepsJson(), "interrupted", r.error()) : r);
        }
        runs.put(run.runId(), run);
    }

    @Override
    public List<dev.citusdeploy.db.RunRecord> runs(int limit) {
        List<dev.citusdeploy.db.RunRecord> newest = new ArrayList<>(runs.values());
        java.util.Collections.reverse(newest);
        return newest.subList(0, Math.min(limit, newest.size()));
    }

    /** The role's password as this node knows it (null: whatever the test's first password is). */
    String password;

    @Override
    public void setPassword(String user, String password) {
        calls.add("ALTER ROLE " + user + " PASSWORD");
        this.password = password;
    }

    /** Distributed shards per node (host:port -> count); a drain moves them to the nodes that should have shards. */
    final Map<String, Integer> shards = new java.util.LinkedHashMap<>();
    final List<String> noReplicaIdentity = new ArrayList<>();
    final List<Long> jobs = new ArrayList<>();

    @Override
    public List<dev.citusdeploy.db.NodeShards> distributedShardsPerNode() {
        List<dev.citusdeploy.db.NodeShards> list = new ArrayList<>();
        shards.forEach((key, count) -> list.add(new dev.citusdeploy.db.NodeShards(key.substring(0, key.lastIndexOf(':')),
                Integer.parseInt(key.substring(key.lastIndexOf(':') + 1)), count, count * 1000L)));
        return list;
    }

    @Override
    public List<Long> activeJobs() {
        return List.copyOf(jobs);
    }

    @Override
    public List<String> tablesWithoutReplicaIdentity() {
        return List.copyOf(noReplicaIdentity);
    }

    @Override
    public void setShouldHaveShards(String host, int port, boolean value) {
        calls.add("shouldhaveshards " + host + ":" + port + " " + value);
        distNodes.replaceAll(d -> d.host().equals(host) && d.port() == port
                ? new DistNode(d.nodeId(), d.groupId(), d.host(), d.port(), d.role(), d.active(), value) : d);
    }

    @Override
    public Optional<Long> startDrain(String transferMode) {
        calls.add("drain " + transferMode);
        List<String> keep = distNodes.stream().filter(d -> d.shouldHaveShards() && !d.isCoordinatorRow())
                .map(d -> d.host() + ":" + d.port()).toList();
        int moved = 0;
        for (String key : new ArrayList<>(shards.keySet())) {
            if (!keep.contains(key)) {
                moved += shards.remove(key);
            }
        }
        if (moved > 0 && !keep.isEmpty()) {
            shards.merge(keep.get(0), moved, Integer::sum);
        }
        return Optional.empty();
    }

    @Override
    public List<dev.citusdeploy.db.NodeShards> placementsPerWorker() {
        List<dev.citusdeploy.db.NodeShards> list = new ArrayList<>();
        distNodes.stream().filter(d -> !d.isCoordinatorRow()).forEach(d -> list.add(new dev.citusdeploy.db.NodeShards(d.host(),
                d.port(), shards.getOrDefault(d.host() + ":" + d.port(), 0), 0)));
        return list;
    }

    @Override
    public long[] rebalanceMoves() {
        return new long[] {0, 0};
    }

    @Override
    public Optional<Long> startRebalance(String transferMode) {
        calls.add("citus_rebalance_start " + transferMode);
        return Optional.empty();
    }

    /** host:port of the workers citus-deploy's recorded runs closed last. */
    final List<String> closedByCitusDeploy = new ArrayList<>();

    @Override
    public List<String> closedByCitusDeploy() {
        return List.copyOf(closedByCitusDeploy);
    }

    /** What each reading of pg_stat_activity answers, in turn (then nothing): an earlier run's statements. */
    final java.util.Deque<List<dev.citusdeploy.db.RunningStatement>> othersRunning = new java.util.ArrayDeque<>();
    int statementReads;
    /** What those statements had done once they ended (run at the first reading that finds none). */
    Runnable whenOthersDone = () -> { };
    int ownDistNodeRows;

    @Override
    public List<dev.citusdeploy.db.RunningStatement> othersRunning() {
        statementReads++;
        if (othersRunning.isEmpty()) {
            whenOthersDone.run();
            whenOthersDone = () -> { };
            return List.of();
        }
        return othersRunning.poll();
    }

    @Override
    public int ownDistNodeRows() {
        return ownDistNodeRows;
    }

    @Override
    public int localGroup() {
        return -1;
    }

    @Override
    public void updateNode(int nodeId, String host, int port) {
        calls.add("citus_update_node " + nodeId + " " + host + ":" + port);
    }

    @Override
    public List<String> jobFindings() {
        return List.of();
    }

    @Override
    public void cleanupOrphanedResources() {
        calls.add("citus_cleanup_orphaned_resources");
    }

    @Override
    public void removeNode(String host, int port) {
        calls.add("citus_remove_node " + host + ":" + port);
        distNodes.removeIf(d -> d.host().equals(host) && d.port() == port);
    }

    /** Files changed on disk after the server read them. */
    boolean reloadNeeded;

    @Override
    public boolean reloadNeeded() {
        return reloadNeeded;
    }

    @Override
    public boolean clusterHealthy() {
        calls.add("citus_check_cluster_node_health");
        return true;
    }

    @Override
    public void reloadConfiguration() {
        calls.add("pg_reload_conf");
    }

    @Override
    public void close() {
    }
}
