package dev.citusdeploy.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

@Command(name = "citus-deploy", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Deploys PostgreSQL + Citus clusters from one inventory file, over SSH and Docker Compose.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:success",
                "1:internal error (a bug; run with --stacktrace)",
                "2:wrong flags or arguments",
                "3:invalid inventory (nothing was changed; found before any connection, or for settings once the image was read)",
                "4:a server could not be reached or refused SSH (host key, login)",
                "5:a step on a server or database failed",
                "6:status: the cluster does not match the inventory",
                "7:plan: there are changes to apply"})
public final class RootCommand implements Runnable {
    /**
     * The commands, in the order help lists them. Only the one a run names is built (picocli reads
     * every option of every command it is given, and that is most of a run's start-up); help, a
     * command line without one and a misspelt one get all of them.
     */
    static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> all = new LinkedHashMap<>();
        all.put("init", InitCommand::new);
        all.put("validate", ValidateCommand::new);
        all.put("render", RenderCommand::new);
        all.put("plan", PlanCommand::new);
        all.put("apply", ApplyCommand::new);
        all.put("status", StatusCommand::new);
        all.put("add-worker", AddWorkerCommand::new);
        all.put("rebalance", RebalanceCommand::new);
        all.put("register", RegisterCommand::new);
        all.put("down", DownCommand::new);
        all.put("destroy", DestroyCommand::new);
        all.put("unlock", UnlockCommand::new);
        all.put("history", HistoryCommand::new);
        all.put("rotate-password", RotatePasswordCommand::new);
        all.put("help", picocli.CommandLine.HelpCommand::new);
        return all;
    }

    /** Adds the subcommand {@code args} name (its first word that is not an option), or all of them. */
    static void addSubcommands(picocli.CommandLine commandLine, String[] args) {
        String named = java.util.Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().orElse("");
        if (SUBCOMMANDS.containsKey(named) && !named.equals("help")) {
            commandLine.addSubcommand(named, SUBCOMMANDS.get(named).get());
            return;
        }
        if (args.length > 0 && java.util.Arrays.stream(args).allMatch(a -> List.of("-V", "--version", "--stacktrace").contains(a))) {
            return; // the version only: no usage is printed
        }
        SUBCOMMANDS.forEach((name, command) -> commandLine.addSubcommand(name, command.get()));
    }

    @Option(names = "--stacktrace", scope = ScopeType.INHERIT, description = "Print stack traces with errors.")
    boolean stacktrace;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    public boolean stacktrace() {
        return stacktrace;
    }

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name a command (see --help)");
    }
}
