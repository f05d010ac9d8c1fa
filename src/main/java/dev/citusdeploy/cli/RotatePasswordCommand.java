package dev.citusdeploy.cli;

import dev.citusdeploy.apply.RotatePasswordService;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.plan.Action;
import dev.citusdeploy.report.PlanWriter;
import java.io.Console;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, name = "rotate-password",
        description = "Change the database password on every node and the node-to-node password files in the running"
                + " containers, without a restart; then check that every node reaches every other. The new password comes"
                + " from the inventory's password source (change it first), or is generated (--generate) or typed"
                + " (--prompt) and then written to the inventory's password file. An interrupted rotation is finished by"
                + " running the command again.")
final class RotatePasswordCommand implements Callable<Integer> {
    @Mixin
    InventoryArgument inventory;

    static final class NewPassword {
        @Option(names = "--generate", description = "A new random password (32 letters and digits).")
        boolean generate;

        @Option(names = "--prompt", description = "Type the new password (twice; not echoed).")
        boolean prompt;
    }

    @ArgGroup(exclusive = true)
    NewPassword from = new NewPassword();

    @Option(names = "--dry-run", description = "Print the steps; change nothing.")
    boolean dryRun;

    @Option(names = "--lock-wait", defaultValue = "0", paramLabel = "SECONDS",
            description = "How long to wait for another run of this cluster to finish (default: ${DEFAULT-VALUE}).")
    int lockWaitSeconds;

    @Mixin
    HostKeysOption hostKeys;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Limits.requireNotNegative(spec, "--lock-wait", lockWaitSeconds);
        Inventory valid = inventory.load();
        PrintWriter out = spec.commandLine().getOut();
        Services services = new Services(valid, hostKeys.acceptNew, out);
        RotatePasswordService.Source source = from.generate ? RotatePasswordService.Source.GENERATE
                : from.prompt ? RotatePasswordService.Source.PROMPT : RotatePasswordService.Source.INVENTORY;
        RotatePasswordService.Result result = services.rotatePassword(dryRun).rotate(valid, source, this::prompt, dryRun,
                Duration.ofSeconds(lockWaitSeconds));
        if (dryRun) {
            PlanWriter.text(valid, result.plan(), false).forEach(out::println);
            return 0;
        }
        if (result.plan().isEmpty()) {
            out.println("Nothing to do: every node of cluster " + valid.cluster() + " already uses that password.");
            return 0;
        }
        long changed = result.plan().actionsOf(Action.SetPassword.class).size();
        out.println(String.format(Locale.ROOT, "%s the password of cluster %s (%d of %d nodes changed now) in %.1f s; run %s.",
                result.resumed() ? "Finished rotating" : "Rotated", valid.cluster(), changed, valid.nodes().size(),
                result.took().toMillis() / 1000.0, result.runId()));
        return 0;
    }

    private String prompt() {
        Console console = System.console();
        if (console == null) {
            throw new ParameterException(spec.commandLine(), "--prompt needs a terminal; use the inventory's password file instead");
        }
        char[] first = console.readPassword("New password for cluster %s: ", inventory.load().cluster());
        char[] second = console.readPassword("Again: ");
        if (first == null || second == null || !Arrays.equals(first, second)) {
            throw new ParameterException(spec.commandLine(), "the two passwords differ; nothing was changed");
        }
        return new String(first);
    }
}
