package dev.citusdeploy.plan;

import dev.citusdeploy.CitusDeployException;
import dev.citusdeploy.ExitCode;
import dev.citusdeploy.facts.LeavingWorker;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.Node;
import dev.citusdeploy.render.NodeLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scale-in, planned before anything moves: the workers the inventory no longer lists are first
 * closed to new shards, then drained (one background job for all of them), then each is checked
 * to hold no shard and removed from pg_dist_node, then its container stops (its data volume stays
 * unless purged). Refused, with every reason at once, when it cannot be done safely. Pure.
 */
public final class ScaleInPlanner {
    /** The free space the remaining workers need, over the bytes that move onto them (WAL, logical replication). */
    static final double DISK_MARGIN = 1.25;
    public static final List<String> TRANSFER_MODES = List.of("auto", "force_logical", "block_writes");

    private ScaleInPlanner() {
    }

    /**
     * @param freeBytes bytes free where each remaining worker's data lives, by node name (absent: unknown, e.g. a new worker)
     */
    public static Plan plan(Inventory inventory, List<LeavingWorker> leaving, List<Long> activeJobs, List<String> noReplicaIdentity,
                            Map<String, Long> freeBytes, String transferMode, boolean purge) {
        return plan(inventory, leaving, activeJobs, noReplicaIdentity, freeBytes, transferMode, purge, List.of());
    }

    /** @param arriving workers this same run registers (a drain could not reach them: refused) */
    public static Plan plan(Inventory inventory, List<LeavingWorker> leaving, List<Long> activeJobs, List<String> noReplicaIdentity,
                            Map<String, Long> freeBytes, String transferMode, boolean purge, List<String> arriving) {
        if (leaving.isEmpty()) {
            return Plan.empty();
        }
        List<LeavingWorker> registered = leaving.stream().filter(LeavingWorker::registered).toList();
        int shards = registered.stream().mapToInt(LeavingWorker::shards).sum();
        long bytes = registered.stream().mapToLong(LeavingWorker::bytes).sum();
        List<String> refusals = new ArrayList<>();
        if (inventory.workers().isEmpty()) {
            refusals.add("the inventory lists no worker: the shards of " + names(leaving) + " would have nowhere to go");
        }
        // A job while every leaving worker is closed already: the drain an earlier run started; it is followed, not refused.
        boolean ourDrain = registered.stream().allMatch(LeavingWorker::closed);
        if (shards > 0 && !arriving.isEmpty()) {
            refusals.add("the same apply also adds " + String.join(", ", arriving) + ", which the leaving workers could not reach"
                    + " during the drain: add the new workers first (keep the old ones listed), apply, then remove the old ones"
                    + " and apply again");
        }
        if (shards > 0 && !activeJobs.isEmpty() && !ourDrain) {
            refusals.add("a rebalance or drain is running on the coordinator (background job " + activeJobs.get(0)
                    + "): wait for it (SELECT * FROM citus_rebalance_status();) or stop it (SELECT citus_rebalance_stop();)");
        }
        if (shards > 0 && !transferMode.equals("block_writes") && !noReplicaIdentity.isEmpty()) {
            refusals.add("logical replication cannot move the shards of " + String.join(", ", noReplicaIdentity)
                    + " (no primary key or replica identity): add a primary key or ALTER TABLE ... REPLICA IDENTITY FULL,"
                    + " or give --shard-transfer-mode block_writes (writes to the moving shards wait until each move ends)");
        }
        long free = inventory.workers().stream().mapToLong(w -> freeBytes.getOrDefault(w.name(), 0L)).sum();
        if (bytes > 0 && free < bytes * DISK_MARGIN) {
            refusals.add("the remaining workers have " + free + " bytes free where their data lives, " + names(registered)
                    + (registered.size() == 1 ? " holds " : " hold ") + bytes + " bytes: at least " + (long) (bytes * DISK_MARGIN) + " are needed (new workers count"
                    + " once they exist: add them in one apply, remove the old ones in the next)");
        }
        if (!refusals.isEmpty()) {
            List<String> lines = new ArrayList<>();
            refusals.forEach(r -> lines.add("cannot remove " + names(leaving) + " safely: " + r));
            lines.add("nothing was changed");
            throw new CitusDeployException(ExitCode.REMOTE_FAILURE, lines, null);
        }
        List<Action> actions = new ArrayList<>();
        registered.forEach(w -> actions.add(new Action.DisallowShards(w.name(), w.host(), w.port())));
        if (shards > 0) {
            actions.add(new Action.DrainWorkers(inventory.coordinator().name(),
                    registered.stream().filter(w -> w.shards() > 0).map(LeavingWorker::name).toList(), shards, bytes, transferMode));
        }
        registered.forEach(w -> actions.add(new Action.RemoveWorker(w.name(), w.host(), w.port())));
        for (LeavingWorker worker : leaving) {
            Node node = worker.asNode();
            NodeLayout layout = NodeLayout.of(inventory, node);
            actions.add(new Action.RemoveContainer(worker.name(), worker.server(), worker.container()));
            if (purge) {
                actions.add(new Action.DeleteData(worker.name(), worker.server(), layout.volume(), layout.dir()));
            }
        }
        return new Plan(actions, purge ? List.of() : List.of("the data volumes of " + names(leaving)
                + " are kept (apply --purge deletes them with their folders)"));
    }

    private static String names(List<LeavingWorker> workers) {
        return String.join(", ", workers.stream().map(LeavingWorker::name).toList());
    }
}
