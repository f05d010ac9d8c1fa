package dev.citusdeploy.cli;

import dev.citusdeploy.CitusDeployException;
import dev.citusdeploy.ExitCode;
import dev.citusdeploy.inventory.Problem;
import java.io.PrintWriter;
import picocli.CommandLine;

/** The one exit point: runs a command, prints its errors one per line, exits with its code. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        RootCommand root = new RootCommand();
        CommandLine commandLine = new CommandLine(root);
        RootCommand.addSubcommands(commandLine, args);
        commandLine.setOut(out);
        commandLine.setErr(err);
        // Usage errors as one line each, whatever the value holds, then where to look.
        commandLine.setParameterExceptionHandler((e, given) -> {
            CommandLine failed = e.getCommandLine();
            failed.getErr().println(Problem.visible(e.getMessage()));
            CommandLine.UnmatchedArgumentException.printSuggestions(e, failed.getErr());
            failed.getErr().print(failed.getHelp().fullSynopsis());
            failed.getErr().println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for more information.");
            return ExitCode.USAGE.code();
        });
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof CitusDeployException deploy) {
                // One line per problem, whatever a quoted value holds (line breaks are shown escaped).
                deploy.lines().forEach(line -> err.println(Problem.visible(line)));
                if (root.stacktrace()) {
                    deploy.printStackTrace(err);
                }
                return deploy.exitCode().code();
            }
            err.println("citus-deploy: unexpected " + e + (root.stacktrace() ? "" : " (run with --stacktrace for details)"));
            if (root.stacktrace()) {
                e.printStackTrace(err);
            }
            return ExitCode.INTERNAL.code();
        });
        return commandLine.execute(args);
    }
}
