package dev.citusdeploy.cli;

import dev.citusdeploy.inventory.Inventory;
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

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Inventory valid = inventory.load();
        if (!valid.cluster().equals(confirm)) {
            throw new ParameterException(spec.commandLine(), "destroy deletes every node's data: confirm with --confirm="
                    + valid.cluster());
        }
        new Services(valid, false, spec.commandLine().getOut()).lifecycle().destroy(valid);
        spec.commandLine().getOut().println("Cluster " + valid.cluster() + " destroyed: containers, volumes and folders removed.");
        return 0;
    }
}
