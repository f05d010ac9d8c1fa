package dev.citusdeploy.cli;

import dev.citusdeploy.ExitCode;
import dev.citusdeploy.facts.StatusReport;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.report.ReportWriter;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, name = "status", description = "Show each node: container, PostgreSQL, Citus version, registration in"
        + " pg_dist_node; and workers the coordinator knows that the inventory does not. Changes nothing.")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    InventoryArgument inventory;

    @Mixin
    FormatOption output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Inventory valid = inventory.load();
        PrintWriter out = spec.commandLine().getOut();
        StatusReport report = new Services(valid, false, out).status().status(valid);
        if (output.json()) {
            out.println(ReportWriter.statusJson(report));
        } else {
            ReportWriter.statusText(report).forEach(out::println);
        }
        return report.healthy() ? 0 : ExitCode.NOT_CONVERGED.code();
    }
}
