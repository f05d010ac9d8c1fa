package dev.citusdeploy.cli;

import dev.citusdeploy.apply.ClusterLock;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.ssh.RemoteShell;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, name = "unlock",
        description = "Break the cluster lock of a run that is stuck (its process hangs, its network is gone): ends the"
                + " process that holds it on the coordinator's server. A run that dies releases the lock by itself.")
final class UnlockCommand implements Callable<Integer> {
    @Mixin
    InventoryArgument inventory;

    @Option(names = "--force", description = "Required: the run that holds the lock loses it (and may still be changing"
            + " servers; be sure it is gone).")
    boolean force;

    @Mixin
    HostKeysOption hostKeys;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Inventory valid = inventory.load();
        if (!force) {
            throw new ParameterException(spec.commandLine(), "unlock ends another run's hold on cluster " + valid.cluster()
                    + "; give --force if that run is gone for good");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (RemoteShell shell = new Services(valid, hostKeys.acceptNew, out).shell(valid.server(valid.coordinator().server()))) {
            Optional<String> holder = ClusterLock.breakLock(valid, shell);
            out.println(holder.map(h -> "Broke the lock of cluster " + valid.cluster() + ", held by " + h + ".")
                    .orElse("Cluster " + valid.cluster() + " is not locked: nothing to do."));
        }
        return 0;
    }
}
