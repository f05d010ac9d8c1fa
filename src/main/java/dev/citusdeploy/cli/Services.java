package dev.citusdeploy.cli;

import dev.citusdeploy.apply.ApplyService;
import dev.citusdeploy.report.Event;
import dev.citusdeploy.apply.ObservedShell;
import dev.citusdeploy.apply.CoordinatorService;
import dev.citusdeploy.apply.LifecycleService;
import dev.citusdeploy.apply.RotatePasswordService;
import dev.citusdeploy.db.NodeDatabase;
import dev.citusdeploy.secrets.PasswordResolver;
import dev.citusdeploy.facts.StatusService;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.Server;
import dev.citusdeploy.render.NodeRenderer;
import dev.citusdeploy.render.TemplateEngine;
import dev.citusdeploy.report.LiveLines;
import dev.citusdeploy.report.ProgressLines;
import dev.citusdeploy.ssh.RemoteShell;
import dev.citusdeploy.ssh.ShellFactory;
import dev.citusdeploy.ssh.SshConnector;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.function.Consumer;
import java.util.function.Function;

/** Builds the real services for the commands: SSH (or local) shells, tunnelled JDBC, templates. */
final class Services {
    private final Function<Server, RemoteShell> shells;
    private final PrintWriter out;

    Services(Inventory inventory, boolean acceptNewHostKeys, PrintWriter out) {
        this.shells = ShellFactory.of(new SshConnector(inventory.knownHosts(), acceptNewHostKeys));
        this.out = out;
    }

    ApplyService apply(Path templates, boolean quiet) {
        return apply(templates, quiet ? Output.QUIET : Output.NORMAL);
    }

    /** Progress as lines; timestamped when the output is not a terminal (CI logs); --verbose adds every command. */
    ApplyService apply(Path templates, Output output) {
        Consumer<Event> events = progress(output);
        Function<Server, RemoteShell> observed = output == Output.VERBOSE
                ? server -> new ObservedShell(shells.apply(server), events) : shells;
        NodeDatabase databases = output == Output.VERBOSE
                ? NodeDatabase.tunnelled((node, sql, took) -> events.accept(Event.command(node, "SQL " + sql, took, 0)))
                : NodeDatabase.tunnelled();
        return new ApplyService(observed, databases, new NodeRenderer(new TemplateEngine(templates)),
                PasswordResolver.fromSystem(), events);
    }

    enum Output { QUIET, NORMAL, VERBOSE }

    /** Fails (before any connection) when the inventory's password source is unset or unreadable. */
    void requirePassword(Inventory inventory) {
        PasswordResolver.fromSystem().fromInventory(inventory);
    }

    StatusService status() {
        return new StatusService(shells, NodeDatabase.readOnly(), PasswordResolver.fromSystem());
    }

    /** A shell on one server (SSH, or this machine for a local connection). */
    RemoteShell shell(Server server) {
        return shells.apply(server);
    }

    CoordinatorService coordinator() {
        return new CoordinatorService(shells, NodeDatabase.tunnelled(), PasswordResolver.fromSystem());
    }

    RotatePasswordService rotatePassword(boolean quiet) {
        return new RotatePasswordService(shells, NodeDatabase.tunnelled(), PasswordResolver.fromSystem(), progress(quiet));
    }

    LifecycleService lifecycle(boolean quiet) {
        return new LifecycleService(shells, quiet ? event -> { } : progress(Output.NORMAL));
    }

    /** Progress lines for a command's steps; none when quiet. */
    Consumer<Event> progress(boolean quiet) {
        return progress(quiet ? Output.QUIET : Output.NORMAL);
    }

    /**
     * On a terminal one live line per node; otherwise (a pipe, a CI log) timestamped lines;
     * --verbose always lines, since every command gets one.
     */
    private Consumer<Event> progress(Output output) {
        boolean terminal = System.console() != null && !"dumb".equals(System.getenv("TERM"));
        if (output == Output.QUIET) {
            return event -> { };
        }
        if (terminal && output == Output.NORMAL) {
            return new LiveLines(out);
        }
        return new ProgressLines(out, !terminal, output == Output.VERBOSE, ZoneId.systemDefault());
    }

    private void print(String line) {
        synchronized (out) {
            out.println(line);
        }
    }
}
