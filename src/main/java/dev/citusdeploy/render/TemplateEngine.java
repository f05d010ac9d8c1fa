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
    /** The built-in templates, read ahead (see {@link #TemplateEngine(Path)}). */
    static final java.util.List<String> TEMPLATES = java.util.List.of("compose.yaml.ftl", "postgresql.conf.ftl", "pg_hba.conf.ftl",
            "entrypoint.sh.ftl");

    private final java.util.concurrent.CompletableFuture<Configuration> configuration;

    /**
     * FreeMarker is set up, and the templates are read and parsed, on a thread of its own: that
     * takes a good part of a run's start-up, and the first file is rendered only once the servers
     * have answered. A template folder that cannot be read is an error here, at once.
     */
    public TemplateEngine(Path overrideDir) {
        TemplateLoader loader = overrideDir == null ? null : loader(overrideDir);
        configuration = new java.util.concurrent.CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                Configuration ready = configure(loader != null ? loader : loader(null));
                configuration.complete(ready);
                for (String template : TEMPLATES) {
                    ready.getTemplate(template); // parsed into FreeMarker's cache; a broken one fails again in render
                }
            } catch (IOException | RuntimeException e) {
                configuration.completeExceptionally(e);
            }
        }, "citus-deploy-templates");
        thread.setDaemon(true);
        thread.start();
    }

    private static Configuration configure(TemplateLoader loader) {
        Configuration configuration = new Configuration(Configuration.VERSION_2_3_33);
        configuration.setDefaultEncoding("UTF-8");
        configuration.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        configuration.setLogTemplateExceptions(false);
        configuration.setWrapUncheckedExceptions(true);
        configuration.setFallbackOnNullLoopVariable(false);
        configuration.setNumberFormat("computer");
        configuration.setTemplateLoader(loader);
        configuration.setSharedVariable("yamlString", new YamlString());
        return configuration;
    }

    public static TemplateEngine builtIn() {
        return new TemplateEngine(null);
    }

    public String render(String templateName, Object model) {
        try {
            StringWriter out = new StringWriter();
            configuration().getTemplate(templateName).process(Map.of("m", model), out);
            return out.toString();
        } catch (IOException | TemplateException e) {
            throw new CitusDeployException(ExitCode.INTERNAL, "template " + templateName + ": " + firstLine(e.getMessage()), e);
        }
    }

    private Configuration configuration() throws IOException {
        try {
            return configuration.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(e.getCause().getMessage(), e.getCause());
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
