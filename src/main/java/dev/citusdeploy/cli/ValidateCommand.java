package dev.citusdeploy.cli;

import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.report.ReportWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, name = "validate", description = "Check an inventory and report every problem with its line. Contacts nothing.")
final class ValidateCommand implements Callable<Integer> {
    @Mixin
    InventoryArgument inventory;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Inventory valid = inventory.load();
        spec.commandLine().getOut().println(inventory.file + ": valid (cluster " + valid.cluster() + ": "
                + ReportWriter.plural(valid.nodes().size(), "node") + " on " + ReportWriter.plural(valid.usedServers().size(), "server")
                + ")");
        return 0;
    }
}
