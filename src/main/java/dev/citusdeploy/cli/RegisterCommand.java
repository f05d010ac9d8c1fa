package dev.citusdeploy.cli;

import dev.citusdeploy.inventory.HostAddress;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.plan.Plan;
import dev.citusdeploy.report.PlanWriter;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, name = "register", description = "Register a worker that already runs with the coordinator (idempotent)."
        + " The worker needs the citus extension and must accept the cluster's password.")
final class RegisterCommand implements Callable<Integer> {
    @Mixin
    InventoryArgument inventory;

    @Option(names = "--host", required = true, paramLabel = "HOST", description = "The address the coordinator and workers reach it by.")
    String host;

    @Option(names = "--port", required = true, paramLabel = "PORT", description = "Its PostgreSQL port.")
    int port;

    @Option(names = "--dry-run", description = "Print what would be registered; change nothing.")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (port < 1 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port: must be between 1 and 65535, not " + port);
        }
        if (host.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--host: empty; give the address the coordinator reaches the worker by");
        }
        HostAddress.problem(host, "--port").ifPresent(problem -> {
            throw new ParameterException(spec.commandLine(), "--host: " + problem);
        });
        Inventory valid = inventory.load();
        PrintWriter out = spec.commandLine().getOut();
        Services services = new Services(valid, false, out);
        Plan plan = services.coordinator().register(valid, host, port, services.progress(dryRun), dryRun);
        if (dryRun) {
            PlanWriter.text(valid, plan, false).forEach(out::println);
        } else {
            out.println(plan.isEmpty() ? host + ":" + port + " is already registered and active: nothing to do."
                    : "Registered " + host + ":" + port + " with the coordinator.");
        }
        return 0;
    }
}
