package dev.citusdeploy.db;

import dev.citusdeploy.ssh.Tunnel;
import java.util.List;
import java.util.Optional;

/** A {@link CitusAdmin} that closes its tunnel with it. */
final class TunnelledAdmin implements CitusAdmin {
    private final CitusAdmin admin;
    private final Tunnel tunnel;

    TunnelledAdmin(CitusAdmin admin, Tunnel tunnel) {
        this.admin = admin;
        this.tunnel = tunnel;
    }

    @Override
    public boolean citusAvailable() {
        return admin.citusAvailable();
    }

    @Override
    public Optional<String> installedCitusVersion() {
        return admin.installedCitusVersion();
    }

    @Override
    public void createCitusExtension() {
        admin.createCitusExtension();
    }

    @Override
    public String citusVersion() {
        return admin.citusVersion();
    }

    @Override
    public List<DistNode> distNodes() {
        return admin.distNodes();
    }

    @Override
    public void setCoordinatorHost(String host, int port) {
        admin.setCoordinatorHost(host, port);
    }

    @Override
    public int addNode(String host, int port) {
        return admin.addNode(host, port);
    }

    @Override
    public void activateNode(String host, int port) {
        admin.activateNode(host, port);
    }

    @Override
    public JobStatus jobStatus(long jobId) {
        return admin.jobStatus(jobId);
    }

    @Override
    public List<dev.citusdeploy.db.NodeShards> shardsPerNode() {
        return admin.shardsPerNode();
    }

    @Override
    public java.util.Map<String, String> settingContexts() {
        return admin.settingContexts();
    }

    @Override
    public List<String> pendingRestart() {
        return admin.pendingRestart();
    }

    @Override
    public List<String> configurationErrors() {
        return admin.configurationErrors();
    }

    @Override
    public void recordRun(RunRecord run) {
        admin.recordRun(run);
    }

    @Override
    public List<RunRecord> runs(int limit) {
        return admin.runs(limit);
    }

    @Override
    public void setPassword(String user, String password) {
        admin.setPassword(user, password);
    }

    @Override
    public List<NodeShards> distributedShardsPerNode() {
        return admin.distributedShardsPerNode();
    }

    @Override
    public List<Long> activeJobs() {
        return admin.activeJobs();
    }

    @Override
    public List<String> tablesWithoutReplicaIdentity() {
        return admin.tablesWithoutReplicaIdentity();
    }

    @Override
    public void setShouldHaveShards(String host, int port, boolean value) {
        admin.setShouldHaveShards(host, port, value);
    }

    @Override
    public Optional<Long> startDrain(String transferMode) {
        return admin.startDrain(transferMode);
    }

    @Override
    public List<NodeShards> placementsPerWorker() {
        return admin.placementsPerWorker();
    }

    @Override
    public long[] rebalanceMoves() {
        return admin.rebalanceMoves();
    }

    @Override
    public Optional<Long> startRebalance(String transferMode) {
        return admin.startRebalance(transferMode);
    }

    @Override
    public List<String> closedByCitusDeploy() {
        return admin.closedByCitusDeploy();
    }

    @Override
    public List<RunningStatement> othersRunning() {
        return admin.othersRunning();
    }

    @Override
    public int ownDistNodeRows() {
        return admin.ownDistNodeRows();
    }

    @Override
    public int localGroup() {
        return admin.localGroup();
    }

    @Override
    public void updateNode(int nodeId, String host, int port) {
        admin.updateNode(nodeId, host, port);
    }

    @Override
    public List<String> jobFindings() {
        return admin.jobFindings();
    }

    @Override
    public void cleanupOrphanedResources() {
        admin.cleanupOrphanedResources();
    }

    @Override
    public void removeNode(String host, int port) {
        admin.removeNode(host, port);
    }

    @Override
    public boolean reloadNeeded() {
        return admin.reloadNeeded();
    }

    @Override
    public boolean clusterHealthy() {
        return admin.clusterHealthy();
    }

    @Override
    public void reloadConfiguration() {
        admin.reloadConfiguration();
    }

    @Override
    public void close() {
        try {
            admin.close();
        } finally {
            tunnel.close();
        }
    }
}
