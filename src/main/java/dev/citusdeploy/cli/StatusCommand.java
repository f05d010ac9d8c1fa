package dev.citusdeploy.cli;

import dev.citusdeploy.ExitCode;
import dev.citusdeploy.apply.NodeDatabase;
import dev.citusdeploy.apply.PasswordResolver;
import dev.citusdeploy.apply.StatusReport;
import dev.citusdeploy.apply.StatusService;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.report.ReportWriter;
import dev.citusdeploy.ssh.ShellFactory;
import dev.citusdeploy.ssh.SshConnector;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "status", description = "Show each node: container, PostgreSQL, Citus version, registration in"
        + " pg_dist_node; and workers the coordinator knows that the inventory does not. Changes nothing.")
final class StatusCommand implements Callable<Integer> {
    enum Format { text, json }

    @Mixin
    InventoryArgument inventory;

    @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "FORMAT",
            description = "text or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Inventory valid = inventory.load();
        SshConnector ssh = new SshConnector(valid.knownHosts(), false);
        StatusReport report = new StatusService(ShellFactory.of(ssh), NodeDatabase.tunnelled(), PasswordResolver.fromSystem())
                .status(valid);
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            out.println(ReportWriter.statusJson(report));
        } else {
            ReportWriter.statusText(report).forEach(out::println);
        }
        return report.healthy() ? 0 : ExitCode.NOT_CONVERGED.code();
    }
}
