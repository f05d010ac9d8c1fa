package dev.citusdeploy.cli;

import dev.citusdeploy.apply.ApplyOptions;
import dev.citusdeploy.apply.ApplyReport;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.InventoryEditor;
import dev.citusdeploy.inventory.InventoryLoader;
import dev.citusdeploy.inventory.Node;
import dev.citusdeploy.report.ReportWriter;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
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

    @Option(names = "--rebalance", description = "Then run citus_rebalance_start() and wait until it is done.")
    boolean rebalance;

    @Option(names = "--accept-new-host-keys", description = "Trust and record host keys not yet in known_hosts.")
    boolean acceptNewHostKeys;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Inventory before = inventory.load();
        List<Node> nodes = before.nodes();
        String target = server != null ? server : nodes.get(nodes.size() - 1).server();
        int chosenPort = port != null ? port : nodes.stream().filter(n -> n.server().equals(target))
                .mapToInt(n -> n.port() + 1).max().orElse(InventoryLoader.DEFAULT_PORT);
        Inventory after = new InventoryEditor().addWorker(inventory.file, new InventoryEditor.NewWorker(target, chosenPort, name));
        PrintWriter out = spec.commandLine().getOut();
        Node added = after.workers().get(after.workers().size() - 1);
        out.println("Added " + added.name() + " on server " + added.server() + ", port " + added.port() + " to " + inventory.file);

        Services services = new Services(after, acceptNewHostKeys, out);
        ApplyReport report = services.apply(null, false).apply(after, ApplyOptions.defaults());
        ReportWriter.apply(report).forEach(out::println);
        if (rebalance) {
            Optional<Long> job = services.coordinator().rebalance(after);
            out.println(job.map(id -> "Rebalance job " + id + " finished: shards moved onto the new worker.")
                    .orElse("Rebalance: nothing needed to move."));
        } else {
            out.println("Shards stay where they are until you rebalance: run this command with --rebalance next time,"
                    + " or SELECT citus_rebalance_start(); on the coordinator (see docs/scaling.md).");
        }
        return 0;
    }
}
