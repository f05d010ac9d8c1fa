package dev.citusdeploy.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

@Command(name = "citus-deploy", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Deploys PostgreSQL + Citus clusters from one inventory file, over SSH and Docker Compose.",
        subcommands = {InitCommand.class, ValidateCommand.class, RenderCommand.class, PlanCommand.class, ApplyCommand.class, StatusCommand.class,
                AddWorkerCommand.class, RebalanceCommand.class, RegisterCommand.class, DownCommand.class, DestroyCommand.class, UnlockCommand.class, HistoryCommand.class, RotatePasswordCommand.class,
                picocli.CommandLine.HelpCommand.class},
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
