package dev.citusdeploy.cli;

import dev.citusdeploy.inventory.Inventory;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, name = "down", description = "Stop and remove the containers; keep the data (apply starts them again).")
final class DownCommand implements Callable<Integer> {
    @Mixin
    InventoryArgument inventory;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Inventory valid = inventory.load();
        new Services(valid, false, spec.commandLine().getOut()).lifecycle().down(valid);
        spec.commandLine().getOut().println("Cluster " + valid.cluster() + " is down; its data volumes are kept.");
        return 0;
    }
}
