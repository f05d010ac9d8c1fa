package dev.citusdeploy.plan;

import dev.citusdeploy.CitusDeployException;
import dev.citusdeploy.ExitCode;
import dev.citusdeploy.facts.DatabaseFacts;
import dev.citusdeploy.facts.ScaleOut;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.Node;
import java.util.List;

/**
 * Scale-out: once new workers are registered, shards move onto them (Citus' rebalancer, as a
 * background job), unless --no-rebalance. Refused before anything changes when the moves could
 * not be made (tables logical replication cannot move, with auto or force_logical). Pure.
 */
public final class RebalancePlanner {
    private RebalancePlanner() {
    }

    /** @param moves what Citus would move now ({moves, bytes}), null when a target is not registered yet */
    public static Plan plan(Inventory inventory, DatabaseFacts coordinator, List<String> noReplicaIdentity, long[] moves,
                            String transferMode, boolean noRebalance) {
        List<String> onto = ScaleOut.targets(inventory, coordinator).stream().map(Node::name).toList();
        if (onto.isEmpty() || moves != null && moves[0] == 0) {
            return Plan.empty();
        }
        if (noRebalance) {
            return new Plan(List.of(), List.of(String.join(", ", onto) + (onto.size() == 1 ? " holds" : " hold")
                    + " no shard until a rebalance (--no-rebalance): apply without it, or citus-deploy rebalance"));
        }
        if (!transferMode.equals("block_writes") && !noReplicaIdentity.isEmpty()) {
            throw new CitusDeployException(ExitCode.REMOTE_FAILURE, List.of("cannot rebalance onto " + String.join(", ", onto)
                    + ": logical replication cannot move the shards of " + String.join(", ", noReplicaIdentity)
                    + " (no primary key or replica identity): add a primary key or ALTER TABLE ... REPLICA IDENTITY FULL, give"
                    + " --shard-transfer-mode block_writes (writes to the moving shards wait until each move ends), or"
                    + " --no-rebalance", "nothing was changed"), null);
        }
        return new Plan(List.of(new Action.Rebalance(inventory.coordinator().name(), onto, moves == null ? -1 : moves[0],
                moves == null ? -1 : moves[1], transferMode)), List.of());
    }
}
