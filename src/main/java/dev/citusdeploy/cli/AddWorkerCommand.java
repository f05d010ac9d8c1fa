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
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, name = "add-worker", description = "Add a worker to the inventory and apply it: start it, register it,"
        + " and (with --rebalance) move shards onto it.")
final class AddWorkerCommand implements Callable<Integer> {
    @Mixin
    InventoryArgument inventory;

    @Option(names = "--server", paramLabel = "NAME", description = "Server to run it on (default: the last worker's).")
    String server;

    @Option(names = "--port", paramLabel = "PORT", description = "Its port (default: the next free one on that server).")
    Integer port;

    @Option(names = "--name", paramLabel = "NAME", description = "Its name (default: worker<N> by position).")
    String name;

    @Option(names = "--rebalance", description = "Then move shards onto it: citus_rebalance_start(), followed with progress"
            + " until it is done.")
    boolean rebalance;

    @Option(names = "--rebalance-timeout", defaultValue = "1440", paramLabel = "MINUTES", description = "How long to follow"
            + " the rebalance (default: ${DEFAULT-VALUE}); after that, or on Ctrl-C, it goes on in the background.")
    long rebalanceMinutes;

    @Option(names = "--accept-new-host-keys", description = "Trust and record host keys not yet in known_hosts.")
    boolean acceptNewHostKeys;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Limits.requirePositive(spec, "--rebalance-timeout", rebalanceMinutes);
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
        Services services = new Services(after, acceptNewHostKeys, out);
        services.requirePassword(after); // an unset password variable fails here, before any change

        out.println("Adding " + added.name() + " on server " + added.server() + ", port " + added.port());
        ApplyReport report;
        try {
            report = services.apply(null, false).apply(after, ApplyOptions.defaults(), "add-worker");
        } catch (CitusDeployException e) {
            // The file is saved only once the worker runs: running add-worker again picks the same
            // name and port and finishes this worker instead of adding a second one.
            throw e.withLine(inventory.file + " is unchanged: once fixed, run add-worker again (it resumes "
                    + added.name() + " on " + added.server() + ":" + added.port() + ")");
        }
        editor.save(edit);
        out.println("Added " + added.name() + " on server " + added.server() + ", port " + added.port() + " to " + inventory.file);
        ReportWriter.apply(report).forEach(out::println);
        if (rebalance) {
            Optional<Long> job = services.coordinator().rebalance(after, out::println, Duration.ofMinutes(rebalanceMinutes));
            out.println(job.map(id -> "Rebalance job " + id + " finished: shards moved onto the new worker.")
                    .orElse("Rebalance: nothing needed to move."));
        } else {
            out.println("Shards stay where they are until you rebalance: run this command with --rebalance next time,"
                    + " or SELECT citus_rebalance_start(); on the coordinator (see docs/scaling.md).");
        }
        return 0;
    }
}
