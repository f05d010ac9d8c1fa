package dev.citusdeploy.cli;

import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.report.PlanWriter;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, name = "destroy", description = "Remove the containers AND DELETE ALL DATA (volumes, node folders)."
        + " Needs --confirm=<cluster name>.")
final class DestroyCommand implements Callable<Integer> {
    @Mixin
    InventoryArgument inventory;

    @Option(names = "--confirm", paramLabel = "CLUSTER", description = "The cluster's name, to confirm that its data is to be deleted.")
    String confirm;

    @Option(names = "--dry-run", description = "Print what would be removed and deleted; change nothing (no --confirm needed).")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Inventory valid = inventory.load();
        PrintWriter out = spec.commandLine().getOut();
        if (dryRun) {
            PlanWriter.text(valid, new Services(valid, false, out).lifecycle(true).destroy(valid, true), false).forEach(out::println);
            return 0;
        }
        if (!valid.cluster().equals(confirm)) {
            throw new ParameterException(spec.commandLine(), "destroy deletes every node's data: confirm with --confirm="
                    + valid.cluster());
        }
        long started = System.nanoTime();
        new Services(valid, false, out).lifecycle(false).destroy(valid, false);
        out.println(String.format(Locale.ROOT, "Cluster %s destroyed: containers, volumes and folders removed (%.1f s).",
                valid.cluster(), (System.nanoTime() - started) / 1e9));
        return 0;
    }
}
