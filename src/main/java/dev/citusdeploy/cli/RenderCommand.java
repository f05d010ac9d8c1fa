package dev.citusdeploy.cli;

import dev.citusdeploy.CitusDeployException;
import dev.citusdeploy.ExitCode;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.render.NodeRenderer;
import dev.citusdeploy.render.RenderedFile;
import dev.citusdeploy.render.TemplateEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
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

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Inventory valid = inventory.load();
        List<RenderedFile> files = new NodeRenderer(new TemplateEngine(templates)).renderAll(valid);
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
}
