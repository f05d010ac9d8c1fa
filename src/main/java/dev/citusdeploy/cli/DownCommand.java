package dev.citusdeploy.cli;

import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.plan.Action;
import dev.citusdeploy.plan.Plan;
import dev.citusdeploy.report.PlanWriter;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, name = "down", description = "Stop and remove the containers; keep the data (apply starts them again).")
final class DownCommand implements Callable<Integer> {
    @Mixin
    InventoryArgument inventory;

    @Option(names = "--dry-run", description = "Print what would stop; change nothing.")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Inventory valid = inventory.load();
        PrintWriter out = spec.commandLine().getOut();
        long started = System.nanoTime();
        Plan plan = new Services(valid, false, out).lifecycle(dryRun).down(valid, dryRun);
        if (dryRun) {
            PlanWriter.text(valid, plan, false).forEach(out::println);
            return 0;
        }
        out.println(String.format(Locale.ROOT, "Cluster %s is down; its data volumes are kept (%d containers stopped in %.1f s).",
                valid.cluster(), plan.actionsOf(Action.RemoveContainer.class).size(), (System.nanoTime() - started) / 1e9));
        return 0;
    }
}
