package dev.citusdeploy.cli;

import dev.citusdeploy.CitusDeployException;
import dev.citusdeploy.ExitCode;
import dev.citusdeploy.apply.ApplyOptions;
import dev.citusdeploy.report.ApplyReport;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.InventoryEditor;
import dev.citusdeploy.inventory.WorkerRequest;
import dev.citusdeploy.inventory.Node;
import dev.citusdeploy.report.ReportWriter;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, name = "add-worker", description = "Add a worker to the inventory and apply it: start it, register it,"
        + " and (unless --no-rebalance) move shards onto it.")
final class AddWorkerCommand implements Callable<Integer> {
    @Mixin
    InventoryArgument inventory;

    @Option(names = "--server", paramLabel = "NAME", description = "Server to run it on (default: the last worker's).")
    String server;

    @Option(names = "--port", paramLabel = "PORT", description = "Its port (default: the next free one on that server).")
    Integer port;

    @Option(names = "--name", paramLabel = "NAME", description = "Its name, which names its container, volume and folder"
            + " (default: the first free worker<N>).")
    String name;

    @Option(names = "--rebalance", description = "Move shards onto it (the default, as apply does): citus_rebalance_start(),"
            + " followed with progress until it is done.")
    boolean rebalance;

    @Option(names = "--no-rebalance", description = "Leave the shards where they are (the new worker gets none until a rebalance).")
    boolean noRebalance;

    @Option(names = "--shard-transfer-mode", defaultValue = "auto", paramLabel = "MODE",
            description = "How shards move onto it: auto, force_logical or block_writes (default: ${DEFAULT-VALUE}).")
    String transferMode;

    @Option(names = "--rebalance-timeout", defaultValue = "1440", paramLabel = "MINUTES", description = "How long to follow"
            + " the rebalance (default: ${DEFAULT-VALUE}); after that, or on Ctrl-C, it goes on in the background.")
    long rebalanceMinutes;

    @Mixin
    HostKeysOption hostKeys;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Limits.requirePositive(spec, "--rebalance-timeout", rebalanceMinutes);
        if (rebalance && noRebalance) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--rebalance and --no-rebalance: give one of them");
        }
        if (!dev.citusdeploy.plan.ScaleInPlanner.TRANSFER_MODES.contains(transferMode)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--shard-transfer-mode: " + transferMode
                    + " is not one of " + String.join(", ", dev.citusdeploy.plan.ScaleInPlanner.TRANSFER_MODES));
        }
        Inventory before = inventory.load();
        WorkerRequest.Checked request = WorkerRequest.check(before, server, port, name);
        if (!request.problems().isEmpty()) {
            throw new CitusDeployException(ExitCode.USAGE, request.problems(), null);
        }
        InventoryEditor editor = new InventoryEditor();
        InventoryEditor.Edit edit = editor.addWorker(inventory.file, request.worker());
        Inventory after = edit.inventory();
        PrintWriter out = spec.commandLine().getOut();
        Node added = after.workers().get(after.workers().size() - 1);
        Services services = new Services(after, hostKeys.acceptNew, out);
        services.requirePassword(after); // an unset password variable fails here, before any change

        out.println("Adding " + added.name() + " on server " + added.server() + ", port " + added.port());
        ApplyReport report;
        ApplyOptions moves = ApplyOptions.defaults().withShardMoves(transferMode, false, Duration.ofMinutes(rebalanceMinutes), true);
        try {
            // First the worker alone (started, registered): the inventory is saved once it runs.
            report = services.apply(null, false).apply(after, moves, "add-worker");
        } catch (CitusDeployException e) {
            // The file is saved only once the worker runs: running add-worker again picks the same
            // name and port and finishes this worker instead of adding a second one.
            throw e.withLine(inventory.file + " is unchanged: once fixed, run add-worker again (it resumes "
                    + added.name() + " on " + added.server() + ":" + added.port() + ")");
        }
        editor.save(edit);
        out.println("Added " + added.name() + " on server " + added.server() + ", port " + added.port() + " to " + inventory.file);
        // Without --no-rebalance the rebalance follows at once: the first run's warning about it would mislead.
        ReportWriter.apply(report).stream().filter(line -> noRebalance || !line.contains("until a rebalance"))
                .forEach(out::println);
        if (noRebalance) {
            out.println("Shards stay where they are until a rebalance: citus-deploy apply (without --no-rebalance) or"
                    + " citus-deploy rebalance (see docs/scaling.md).");
            return 0;
        }
        // Then the shards move onto it (a second run: if it is stopped, the worker stays listed and apply finishes it).
        ApplyReport rebalance = services.apply(null, false).apply(after, ApplyOptions.defaults().withShardMoves(transferMode, false,
                Duration.ofMinutes(rebalanceMinutes), false), "add-worker");
        ReportWriter.apply(rebalance).forEach(out::println);
        return 0;
    }
}
