package dev.citusdeploy.cli;

import dev.citusdeploy.apply.ApplyOptions;
import dev.citusdeploy.report.ApplyReport;
import dev.citusdeploy.apply.ApplyService;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.report.PlanWriter;
import dev.citusdeploy.report.ReportWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, name = "apply", description = "Bring the servers to what the inventory describes: upload changed files,"
        + " start containers, create the citus extension, register workers. Changes only what differs.")
final class ApplyCommand implements Callable<Integer> {
    @Mixin
    InventoryArgument inventory;

    @Option(names = "--dry-run", description = "Connect and print the plan (as citus-deploy plan does); change nothing.")
    boolean dryRun;

    @Mixin
    HostKeysOption hostKeys;

    @Option(names = "--timeout", defaultValue = "300", paramLabel = "SECONDS",
            description = "How long a node may take to accept connections after it starts, and the cluster to be healthy again"
                    + " after each restart (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--no-restart", description = "Leave running nodes running: restarts that changed settings or a changed"
            + " compose file need wait for a later apply (plan and status show them).")
    boolean noRestart;

    @Option(names = "--parallel", defaultValue = "1", paramLabel = "N",
            description = "Workers restarted at once in a rolling restart (default: ${DEFAULT-VALUE}; the coordinator always alone).")
    int parallel;

    @Option(names = "--lock-wait", defaultValue = "0", paramLabel = "SECONDS",
            description = "How long to wait for another run of this cluster to finish (default: ${DEFAULT-VALUE}: fail at once,"
                    + " naming it).")
    int lockWaitSeconds;

    @Mixin
    ShardMovesOption moves;

    @Option(names = "--move-timeout", defaultValue = "1440", paramLabel = "MINUTES",
            description = "How long to follow shard moves (a drain, a rebalance); after that they go on in the background"
                    + " (default: ${DEFAULT-VALUE}).")
    int moveMinutes;

    @Option(names = "--templates", paramLabel = "DIR", description = "A folder whose templates override the built-in ones.")
    Path templates;

    @Option(names = {"-q", "--quiet"}, description = "Print only warnings and the summary.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "Also print each step as it starts and every remote command.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Limits.requirePositive(spec, "--timeout", timeoutSeconds);
        Limits.requirePositive(spec, "--parallel", parallel);
        Limits.requireNotNegative(spec, "--lock-wait", lockWaitSeconds);
        Limits.requirePositive(spec, "--move-timeout", moveMinutes);
        moves.check(spec);
        Inventory valid = inventory.load();
        PrintWriter out = spec.commandLine().getOut();
        if (quiet && verbose) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--quiet and --verbose: give one of them");
        }
        ApplyService service = new Services(valid, hostKeys.acceptNew, out).apply(templates,
                quiet || dryRun ? Services.Output.QUIET : verbose ? Services.Output.VERBOSE : Services.Output.NORMAL);
        ApplyOptions options = new ApplyOptions(false, Duration.ofSeconds(timeoutSeconds), noRestart, parallel,
                Duration.ofSeconds(lockWaitSeconds));
        options = moves.applyTo(options, Duration.ofMinutes(moveMinutes));
        if (dryRun) {
            PlanWriter.text(valid, service.plan(valid, options), true).forEach(out::println);
            return 0;
        }
        ApplyReport report = service.apply(valid, options);
        ReportWriter.apply(report).forEach(out::println);
        return 0;
    }
}
