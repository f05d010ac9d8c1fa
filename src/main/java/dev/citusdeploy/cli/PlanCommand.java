package dev.citusdeploy.cli;

import dev.citusdeploy.ExitCode;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.plan.Plan;
import dev.citusdeploy.report.PlanWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, name = "plan", description = "Show what apply"
        + " would change, per server and node: files with unified diffs (secrets as their path only), setting changes"
        + " with reload or restart, containers to start, database steps. Changes nothing. Exit 0: nothing to do;"
        + " 7: there are changes.")
final class PlanCommand implements Callable<Integer> {
    @Mixin
    InventoryArgument inventory;

    @Mixin
    FormatOption output;

    @Mixin
    HostKeysOption hostKeys;

    @Mixin
    ShardMovesOption moves;

    @Option(names = "--templates", paramLabel = "DIR", description = "A folder whose templates override the built-in ones.")
    Path templates;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        moves.check(spec);
        Inventory valid = inventory.load();
        PrintWriter out = spec.commandLine().getOut();
        Plan plan = new Services(valid, hostKeys.acceptNew, out).apply(templates, true).plan(valid,
                moves.applyTo(dev.citusdeploy.apply.ApplyOptions.defaults(), java.time.Duration.ofHours(24)));
        if (output.json()) {
            out.println(PlanWriter.json(valid, plan));
        } else {
            PlanWriter.text(valid, plan, true).forEach(out::println);
        }
        return plan.isEmpty() ? 0 : ExitCode.CHANGES_PLANNED.code();
    }
}
