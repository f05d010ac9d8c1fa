package dev.citusdeploy.render;

import dev.citusdeploy.CitusDeployException;
import dev.citusdeploy.ExitCode;
import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.template.Configuration;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * FreeMarker set up strictly: a missing value is an error, never an empty string. The built-in
 * templates ship in the jar; a user folder, when given, overrides them file by file. Templates can
 * call {@code yamlString(text)} (see {@link YamlString}) to insert a value into a YAML file safely.
 */
public final class TemplateEngine {
    private final Configuration configuration;

    public TemplateEngine(Path overrideDir) {
        configuration = new Configuration(Configuration.VERSION_2_3_33);
        configuration.setDefaultEncoding("UTF-8");
        configuration.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        configuration.setLogTemplateExceptions(false);
        configuration.setWrapUncheckedExceptions(true);
        configuration.setFallbackOnNullLoopVariable(false);
        configuration.setNumberFormat("computer");
        configuration.setTemplateLoader(loader(overrideDir));
        configuration.setSharedVariable("yamlString", new YamlString());
    }

    public static TemplateEngine builtIn() {
        return new TemplateEngine(null);
    }

    public String render(String templateName, Object model) {
        try {
            StringWriter out = new StringWriter();
            configuration.getTemplate(templateName).process(Map.of("m", model), out);
            return out.toString();
        } catch (IOException | TemplateException e) {
            throw new CitusDeployException(ExitCode.INTERNAL, "template " + templateName + ": " + firstLine(e.getMessage()), e);
        }
    }

    private static TemplateLoader loader(Path overrideDir) {
        TemplateLoader builtIn = new ClassTemplateLoader(TemplateEngine.class, "/templates");
        if (overrideDir == null) {
            return builtIn;
        }
        try {
            return new MultiTemplateLoader(new TemplateLoader[] {new FileTemplateLoader(overrideDir.toFile()), builtIn});
        } catch (IOException e) {
            throw new CitusDeployException(ExitCode.USAGE, overrideDir + ": cannot read templates: " + e.getMessage(), e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "failed";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
