package dev.citusdeploy.cli;

import dev.citusdeploy.inventory.Inventory;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, name = "rebalance", description = "Move shards"
        + " so that every worker holds its share: Citus' background rebalance job, followed with progress until it is done."
        + " Ctrl-C stops waiting, not the job.")
final class RebalanceCommand implements Callable<Integer> {
    @Mixin
    InventoryArgument inventory;

    @Option(names = "--timeout", defaultValue = "1440", paramLabel = "MINUTES", description = "How long to follow the job"
            + " (default: ${DEFAULT-VALUE}); after that it goes on in the background.")
    long minutes;

    @Option(names = "--shard-transfer-mode", defaultValue = "auto", paramLabel = "MODE",
            description = "auto, force_logical (both need a primary key or replica identity) or block_writes (writes to a"
                    + " moving shard wait) (default: ${DEFAULT-VALUE}).")
    String transferMode;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Limits.requirePositive(spec, "--timeout", minutes);
        Inventory valid = inventory.load();
        PrintWriter out = spec.commandLine().getOut();
        long started = System.nanoTime();
        if (!dev.citusdeploy.plan.ScaleInPlanner.TRANSFER_MODES.contains(transferMode)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--shard-transfer-mode: " + transferMode
                    + " is not one of " + String.join(", ", dev.citusdeploy.plan.ScaleInPlanner.TRANSFER_MODES));
        }
        Optional<Long> job = new Services(valid, false, out).coordinator().rebalance(valid, transferMode, out::println,
                Duration.ofMinutes(minutes));
        String took = String.format(java.util.Locale.ROOT, "%.1f s", (System.nanoTime() - started) / 1e9);
        out.println(job.map(id -> "Rebalance job " + id + " finished in " + took + ".")
                .orElse("Rebalance: nothing needed to move (checked in " + took + ")."));
        return 0;
    }
}
