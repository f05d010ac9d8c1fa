package dev.citusdeploy.host;

import dev.citusdeploy.CitusDeployException;
import dev.citusdeploy.ExitCode;
import dev.citusdeploy.ssh.CommandResult;
import dev.citusdeploy.ssh.RemoteCommands;
import dev.citusdeploy.ssh.RemoteFailure;
import dev.citusdeploy.ssh.RemoteShell;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The inventory's image on one server, asked only what a step needs: pulled at most once, its
 * PostgreSQL major read from the image itself (its PG_MAJOR, as the official images set it, else
 * {@code postgres --version} inside it; never from the tag's spelling), Citus checked once.
 */
public final class ServerImage {
    private static final Pattern POSTGRES_VERSION = Pattern.compile("postgres=.*\\(PostgreSQL\\) (\\d+)");

    private final RemoteShell shell;
    private final String image;
    private String inspected;
    private String probed;
    private Integer pgMajor;

    public ServerImage(RemoteShell shell, String image) {
        this.shell = shell;
        this.image = image;
    }

    public String image() {
        return image;
    }

    /**
     * Keeps the result of {@link RemoteCommands#imageFacts} run earlier (in a batch) when the server
     * has the image, so it is not asked again; otherwise the image is pulled when first needed.
     */
    public synchronized void knownFacts(CommandResult facts) {
        String out = facts.stdout().strip();
        if (facts.ok() && out.contains("|")) {
            inspected = out.substring(out.indexOf('|') + 1);
        }
    }

    /** Keeps the result of {@link RemoteCommands#probeLocalImage} run earlier (in a batch). */
    public synchronized void knownProbe(CommandResult probe) {
        if (probe.ok() && probe.stdout().contains("postgres=")) {
            probed = probe.stdout();
        }
    }

    /** The PostgreSQL major the image runs. */
    public synchronized int pgMajor() {
        if (pgMajor == null) {
            String major = ContainerState.environment(inspect()).getOrDefault("PG_MAJOR", "");
            if (!major.matches("\\d+")) {
                Matcher version = POSTGRES_VERSION.matcher(probe());
                if (!version.find()) {
                    throw failure("has no PG_MAJOR and no postgres program; it is not a PostgreSQL image");
                }
                major = version.group(1);
            }
            pgMajor = Integer.parseInt(major);
        }
        return pgMajor;
    }

    /** The PostgreSQL major from the image's PG_MAJOR when the server already has the image; never pulls. */
    public static java.util.Optional<Integer> majorIfPresent(RemoteShell shell, String image) {
        CommandResult facts = shell.run(RemoteCommands.imageFacts(image));
        String out = facts.stdout().strip();
        if (!facts.ok() || !out.contains("|")) {
            return java.util.Optional.empty();
        }
        String major = ContainerState.environment(out.substring(out.indexOf('|') + 1)).getOrDefault("PG_MAJOR", "");
        return major.matches("\\d+") ? java.util.Optional.of(Integer.parseInt(major)) : java.util.Optional.empty();
    }

    /** Fails, before any container starts, when the image has no Citus library. */
    public synchronized void requireCitus() {
        if (!probe().contains("citus=")) {
            throw failure("has no Citus extension (no citus.so under /usr/lib/postgresql/*/lib);"
                    + " use an image with Citus, such as citusdata/citus");
        }
    }

    /** The image's environment as JSON, after pulling it if the server does not have it. */
    private String inspect() {
        if (inspected == null) {
            CommandResult facts = shell.run(RemoteCommands.imageFacts(image));
            if (!facts.ok()) {
                CommandResult pull = shell.run(RemoteCommands.pullImage(image), null, RemoteCommands.PULL_TIMEOUT);
                if (!pull.ok()) {
                    throw RemoteFailure.of(shell.server(), "docker pull " + image, pull);
                }
                facts = shell.run(RemoteCommands.imageFacts(image));
                if (!facts.ok()) {
                    throw RemoteFailure.of(shell.server(), "docker image inspect " + image, facts);
                }
            }
            String out = facts.stdout().strip();
            inspected = out.contains("|") ? out.substring(out.indexOf('|') + 1) : "";
        }
        return inspected;
    }

    private String probe() {
        if (probed == null) {
            inspect();
            CommandResult probe = shell.run(RemoteCommands.probeImage(image));
            if (!probe.ok()) {
                throw RemoteFailure.of(shell.server(), "looking into image " + image + " (docker run)", probe);
            }
            probed = probe.stdout();
        }
        return probed;
    }

    private CitusDeployException failure(String what) {
        return new CitusDeployException(ExitCode.REMOTE_FAILURE, "server " + shell.server() + ": image " + image + " " + what);
    }
}
