package dev.citusdeploy.cli;

import dev.citusdeploy.CitusDeployException;
import dev.citusdeploy.ExitCode;
import dev.citusdeploy.db.RunRecord;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.report.HistoryWriter;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, name = "history",
        description = "Show the runs that changed the cluster, as recorded on the coordinator (citus_deploy.runs): who, when,"
                + " what, and how each step went. With RUN, that run in detail.")
final class HistoryCommand implements Callable<Integer> {
    @Mixin
    InventoryArgument inventory;

    @Parameters(index = "1", arity = "0..1", paramLabel = "RUN", description = "A run id (or its first characters).")
    String run;

    @Option(names = "--limit", defaultValue = "50", paramLabel = "N", description = "At most N runs, newest first (default: ${DEFAULT-VALUE}).")
    int limit;

    @Mixin
    HostKeysOption hostKeys;

    @Mixin
    FormatOption format;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Limits.requirePositive(spec, "--limit", limit);
        Inventory valid = inventory.load();
        PrintWriter out = spec.commandLine().getOut();
        Services services = new Services(valid, hostKeys.acceptNew, out);
        services.requirePassword(valid);
        if (run == null) {
            List<RunRecord> runs = services.coordinator().history(valid, limit);
            if (format.json()) {
                out.println(HistoryWriter.json(runs));
            } else {
                HistoryWriter.table(valid.cluster(), runs).forEach(out::println);
            }
            return 0;
        }
        List<RunRecord> matching = services.coordinator().history(valid, 10_000).stream()
                .filter(r -> r.runId().startsWith(run)).toList();
        if (matching.size() != 1) {
            throw new CitusDeployException(ExitCode.USAGE, "cluster " + valid.cluster() + ": " + (matching.isEmpty()
                    ? "no recorded run " + run : "run " + run + " is ambiguous (" + matching.size() + " runs start with it)"));
        }
        if (format.json()) {
            out.println(HistoryWriter.json(matching.get(0)));
        } else {
            HistoryWriter.run(matching.get(0)).forEach(out::println);
        }
        return 0;
    }
}
