package dev.citusdeploy.init;

import dev.citusdeploy.CitusDeployException;
import dev.citusdeploy.ExitCode;
import dev.citusdeploy.apply.PasswordResolver;
import dev.citusdeploy.inventory.InventoryLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Writes a ready inventory and a password file kept out of version control. Every value is
 * checked before anything is written; the inventory is validated like any other before it is saved.
 */
public final class InitService {
    private static final int MAX_WORKERS = 64;
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Pattern CLUSTER = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    public InitResult init(InitOptions given, Prompter prompter) {
        String cluster = given.cluster() != null ? given.cluster() : "citus";
        List<String> hosts = given.hosts();
        if (hosts.isEmpty() && given.workers() == null) {
            hosts = splitHosts(prompter.ask("Servers (comma-separated SSH addresses; empty = this machine)", ""));
        }
        int workers = given.workers() != null ? given.workers() : number(prompter.ask("Number of workers", "2"), "--workers");
        int port = given.port() != null ? given.port() : number(prompter.ask("Coordinator port", "5432"), "--port");
        String user = given.user() != null ? given.user() : prompter.ask("Database superuser", "postgres");
        String password = given.password() != null ? given.password()
                : prompter.askSecret("Password (empty = generate a strong one)");
        if (password.isEmpty()) {
            password = new PasswordResolver(name -> null).generate();
        }
        check(cluster, workers, port, user, password, hosts);

        Path inventory = given.output() != null ? given.output() : Path.of("citus.yml");
        Path folder = inventory.toAbsolutePath().getParent();
        Path secrets = folder.resolve(".citus-deploy");
        Path passwordFile = secrets.resolve(cluster + ".password");
        if (!given.force()) {
            for (Path existing : List.of(inventory, passwordFile)) {
                if (Files.exists(existing)) {
                    throw new CitusDeployException(ExitCode.USAGE, existing + ": already exists; use --force to overwrite it");
                }
            }
        }
        String relativePassword = folder.relativize(passwordFile).toString();
        String image = given.image() != null ? given.image() : InventoryLoader.DEFAULT_IMAGE;
        String text = new InventoryText(cluster, image, user, relativePassword, workers, port, hosts).render();
        write(inventory, text, passwordFile, password, secrets);
        new InventoryLoader().load(inventory);
        return new InitResult(inventory, passwordFile, workers, hosts.isEmpty(), image);
    }

    private static void check(String cluster, int workers, int port, String user, String password, List<String> hosts) {
        List<String> problems = new ArrayList<>();
        if (!CLUSTER.matcher(cluster).matches()) {
            problems.add("--cluster: \"" + cluster + "\" must be lower-case letters, digits, - or _ (at most 40)");
        }
        if (workers < 1 || workers > MAX_WORKERS) {
            problems.add("--workers: must be between 1 and " + MAX_WORKERS + ", not " + workers);
        }
        if (port < 1 || port > 65535) {
            problems.add("--port: must be between 1 and 65535, not " + port);
        } else if (hosts.size() <= 1 && port + workers > 65535) {
            problems.add("--port: the workers on this machine would need ports up to " + (port + workers)
                    + ", past 65535; choose a lower port");
        }
        if (!IDENTIFIER.matcher(user).matches()) {
            problems.add("--user: \"" + user + "\" must be a plain lower-case SQL identifier");
        }
        if (password.indexOf('\n') >= 0 || password.indexOf('\r') >= 0) {
            problems.add("--pass: the password must be one line");
        }
        HashSet<String> seen = new HashSet<>();
        for (String host : hosts) {
            if (!HOST.matcher(host).matches()) {
                problems.add("--hosts: \"" + host + "\" is not a host name or IP address");
            } else if (!seen.add(host)) {
                problems.add("--hosts: \"" + host + "\" is listed twice");
            }
        }
        if (!problems.isEmpty()) {
            throw new CitusDeployException(ExitCode.USAGE, problems, null);
        }
    }

    private static void write(Path inventory, String text, Path passwordFile, String password, Path secrets) {
        try {
            Files.createDirectories(secrets);
            Files.writeString(secrets.resolve(".gitignore"), "# Secrets written by citus-deploy init: never commit them.\n*\n");
            Path temp = Files.createTempFile(secrets, ".password", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temp, password + "\n", StandardCharsets.UTF_8);
            Files.move(temp, passwordFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Path parent = inventory.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tempInventory = Files.createTempFile(parent, ".inventory", ".tmp");
            Files.writeString(tempInventory, text, StandardCharsets.UTF_8);
            Files.move(tempInventory, inventory, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CitusDeployException(ExitCode.INTERNAL, inventory + ": cannot write: " + e.getMessage(), e);
        }
    }

    static List<String> splitHosts(String text) {
        List<String> hosts = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                hosts.add(part.strip());
            }
        }
        return hosts;
    }

    private static int number(String text, String option) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new CitusDeployException(ExitCode.USAGE, option + ": \"" + text + "\" is not a number");
        }
    }
}
