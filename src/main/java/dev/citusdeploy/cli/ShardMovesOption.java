package dev.citusdeploy.cli;

import dev.citusdeploy.apply.ApplyOptions;
import dev.citusdeploy.plan.ScaleInPlanner;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** How shards move when workers are added or removed: for plan and apply, which must plan alike. */
final class ShardMovesOption {
    @Option(names = "--shard-transfer-mode", defaultValue = "auto", paramLabel = "MODE",
            description = "How shards move (onto new workers, off removed ones): auto, force_logical (both need a primary"
                    + " key or replica identity) or block_writes (writes to a moving shard wait) (default: ${DEFAULT-VALUE}).")
    String transferMode;

    @Option(names = "--no-rebalance", description = "When workers are added, leave the shards where they are (by default they"
            + " are rebalanced onto the new workers).")
    boolean noRebalance;

    @Option(names = "--purge", description = "Delete the data volumes and folders of the workers removed from the inventory"
            + " (once drained and removed; by default they are kept).")
    boolean purge;

    void check(CommandSpec spec) {
        if (!ScaleInPlanner.TRANSFER_MODES.contains(transferMode)) {
            throw new ParameterException(spec.commandLine(), "--shard-transfer-mode: " + transferMode + " is not one of "
                    + String.join(", ", ScaleInPlanner.TRANSFER_MODES));
        }
    }

    ApplyOptions applyTo(ApplyOptions options, Duration moveTimeout) {
        return options.withShardMoves(transferMode, purge, moveTimeout, noRebalance);
    }
}
