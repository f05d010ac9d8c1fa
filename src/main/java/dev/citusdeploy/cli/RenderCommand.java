package dev.citusdeploy.cli;

import dev.citusdeploy.CitusDeployException;
import dev.citusdeploy.ExitCode;
import dev.citusdeploy.host.ServerImage;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.render.DataLayout;
import dev.citusdeploy.render.NodeRenderer;
import dev.citusdeploy.render.RenderedFile;
import dev.citusdeploy.render.TemplateEngine;
import dev.citusdeploy.ssh.LocalShell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, name = "render", description = "Write the files apply would upload, one folder per server, for review."
        + " Secrets are not written.")
final class RenderCommand implements Callable<Integer> {
    @Mixin
    InventoryArgument inventory;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write: DIR/<server>/<path on the server>.")
    Path out;

    @Option(names = "--templates", paramLabel = "DIR", description = "A folder whose templates override the built-in ones.")
    Path templates;

    @Option(names = "--pg-major", paramLabel = "N", description = "PostgreSQL major of the image: it decides where the"
            + " data volume is mounted (18 and later: /var/lib/postgresql, PGDATA /var/lib/postgresql/N/docker)."
            + " Default: the image's PG_MAJOR, when the local Docker has the image.")
    Integer pgMajor;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Inventory valid = inventory.load();
        DataLayout data = DataLayout.forNewNode(pgMajor(valid.image()));
        List<RenderedFile> files = new NodeRenderer(new TemplateEngine(templates)).renderAll(valid, node -> data);
        for (RenderedFile file : files) {
            Path target = out.resolve(file.server()).resolve(file.path().substring(1));
            try {
                Files.createDirectories(target.getParent());
                Files.write(target, file.content());
            } catch (IOException e) {
                throw new CitusDeployException(ExitCode.INTERNAL, target + ": cannot write: " + e.getMessage(), e);
            }
            spec.commandLine().getOut().println(target);
        }
        return 0;
    }

    /** As for a new node: apply reads the major from the image on each server, and keeps an existing node's layout. */
    private int pgMajor(String image) {
        if (pgMajor != null) {
            if (pgMajor < 10 || pgMajor > 99) {
                throw new ParameterException(spec.commandLine(), "--pg-major: " + pgMajor + " is not a PostgreSQL major (e.g. 17, 18)");
            }
            return pgMajor;
        }
        return ServerImage.majorIfPresent(new LocalShell("local"), image).orElseThrow(() -> new ParameterException(spec.commandLine(),
                "cannot tell the PostgreSQL major of image " + image + ": the local Docker does not have it;"
                        + " pass --pg-major (18 for citusdata/citus:14.1.0) or pull the image"));
    }
}
