package dev.citusdeploy.cli;

import dev.citusdeploy.init.ConsolePrompter;
import dev.citusdeploy.init.InitOptions;
import dev.citusdeploy.init.InitResult;
import dev.citusdeploy.init.InitService;
import dev.citusdeploy.init.Prompter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, name = "init", description = "Write a ready inventory and a password file (kept out of version control)."
        + " Without --hosts: coordinator and workers on this machine, no SSH needed.")
final class InitCommand implements Callable<Integer> {
    @Option(names = "--workers", paramLabel = "N", description = "Number of workers (default 2).")
    Integer workers;

    @Option(names = "--port", paramLabel = "PORT", description = "Coordinator port (default 5432); on one machine the workers use PORT+1, PORT+2, ...")
    Integer port;

    @Option(names = "--user", paramLabel = "NAME", description = "Database superuser (default postgres).")
    String user;

    @Option(names = "--pass", paramLabel = "PASSWORD", description = "Its password (default: a generated strong one)."
            + " It shows in the process list and shell history: prefer --pass-file or the prompt.")
    String password;

    @Option(names = "--pass-file", paramLabel = "FILE", description = "Read the password from the first line of FILE"
            + " (- for standard input).")
    Path passwordFile;

    /** Split here, not by picocli, which would drop empty entries: "--hosts=,,," is a mistake, not "no hosts". */
    @Option(names = "--hosts", paramLabel = "HOST[,HOST...]", description = "Servers (SSH addresses) for a multi-server inventory; none = this machine.")
    String hosts;

    @Option(names = "--cluster", paramLabel = "NAME", description = "Cluster name (default citus): names containers citus-coordinator, citus-worker1, ...")
    String cluster;

    @Option(names = "--image", paramLabel = "IMAGE", description = "Docker image with PostgreSQL and Citus (default citusdata/citus:14.1.0, PostgreSQL 18).")
    String image;

    @Option(names = {"--output", "-f"}, paramLabel = "FILE", description = "Inventory to write (default citus.yml).")
    Path output;

    @Option(names = "--no-prompt", description = "Never ask; take defaults for what is not given (scripts, CI).")
    boolean noPrompt;

    @Option(names = "--force", description = "Overwrite existing files.")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Prompter prompter = noPrompt || System.console() == null ? Prompter.NEVER : new ConsolePrompter(System.console());
        if (password != null && passwordFile != null) {
            throw new ParameterException(spec.commandLine(), "--pass and --pass-file: give one of them, not both");
        }
        if (password != null) {
            spec.commandLine().getErr().println("warning: --pass puts the password in the process list and shell history;"
                    + " --pass-file FILE (or - for standard input) does not");
        }
        String given = passwordFile != null ? PasswordInput.read(passwordFile, spec.commandLine()) : password;
        InitResult result = new InitService().init(
                new InitOptions(workers, port, user, given, hosts == null ? null : InitService.splitHosts(hosts), cluster, image,
                        output, force), prompter);
        PrintWriter out = spec.commandLine().getOut();
        out.println("Wrote " + result.inventory() + " (" + result.workers() + " workers"
                + (result.singleMachine() ? ", all on this machine" : "") + ", image " + result.image() + ") and " + result.passwordFile() + " (0600).");
        out.println("Next: citus-deploy apply " + result.inventory());
        return 0;
    }
}
