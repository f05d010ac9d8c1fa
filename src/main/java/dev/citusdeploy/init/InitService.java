package dev.citusdeploy.init;

import dev.citusdeploy.CitusDeployException;
import dev.citusdeploy.ExitCode;
import dev.citusdeploy.secrets.PasswordResolver;
import dev.citusdeploy.inventory.HostAddress;
import dev.citusdeploy.inventory.ImageReference;
import dev.citusdeploy.inventory.InventoryLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Writes a ready inventory and a password file kept out of version control. Every value is
 * checked before anything is written; the inventory is validated like any other before it is saved.
 */
public final class InitService {
    private static final int MAX_WORKERS = 64;
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Pattern CLUSTER = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");

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
        if (given.password() == null && password.isEmpty()) {
            password = new PasswordResolver(name -> null).generate();
        }
        String image = given.image() != null ? given.image() : InventoryLoader.DEFAULT_IMAGE;
        Path inventory = given.output() != null ? given.output() : Path.of("citus.yml");
        InventoryText text = new InventoryText(cluster, image, user, "", workers, port, hosts);
        check(text, password, inventory);

        Path secrets = inventory.toAbsolutePath().getParent().resolve(".citus-deploy");
        Path passwordFile = secrets.resolve(cluster + ".password");
        if (!given.force()) {
            for (Path existing : List.of(inventory, passwordFile)) {
                if (Files.exists(existing)) {
                    throw new CitusDeployException(ExitCode.USAGE, existing + ": already exists; use --force to overwrite it");
                }
            }
        }
        new InitFiles(inventory, passwordFile).write(text, password);
        return new InitResult(inventory, passwordFile, workers, hosts.isEmpty(), image);
    }

    /** Every value, before anything is written: one line per problem, usage errors (exit 2). */
    private static void check(InventoryText text, String password, Path output) {
        List<String> problems = new ArrayList<>();
        if (!CLUSTER.matcher(text.cluster()).matches()) {
            problems.add("--cluster: \"" + text.cluster() + "\" must be lower-case letters, digits, - or _ (at most 40)");
        }
        if (text.workers() < 1 || text.workers() > MAX_WORKERS) {
            problems.add("--workers: must be between 1 and " + MAX_WORKERS + ", not " + text.workers());
        }
        if (text.port() < 1 || text.port() > 65535) {
            problems.add("--port: must be between 1 and 65535, not " + text.port());
        } else if (text.workers() >= 1 && text.highestPort() > 65535) {
            problems.add("--port: the " + (text.hosts().size() <= 1 ? "workers on this machine" : "nodes on one server")
                    + " would need ports up to " + text.highestPort() + ", past 65535; choose a lower port");
        }
        if (!IDENTIFIER.matcher(text.user()).matches()) {
            problems.add("--user: \"" + text.user() + "\" must be a plain lower-case SQL identifier");
        }
        passwordProblem(password).ifPresent(problems::add);
        ImageReference.problem(text.image()).ifPresent(problem -> problems.add("--image: " + problem));
        hostProblems(text.hosts(), problems);
        if (Files.isDirectory(output)) {
            problems.add("--output: " + output + " is a folder; give the inventory's file name, e.g. " + output.resolve("citus.yml"));
        }
        if (!problems.isEmpty()) {
            throw new CitusDeployException(ExitCode.USAGE, problems, null);
        }
    }

    private static Optional<String> passwordProblem(String password) {
        if (password.isBlank()) {
            return Optional.of("--pass: the password is empty or only spaces");
        }
        if (password.indexOf('\n') >= 0 || password.indexOf('\r') >= 0) {
            return Optional.of("--pass: the password must be one line");
        }
        if (!password.equals(password.strip())) {
            return Optional.of("--pass: the password starts or ends with spaces, which the password file would lose");
        }
        return Optional.empty();
    }

    private static void hostProblems(List<String> hosts, List<String> problems) {
        HashSet<String> seen = new HashSet<>();
        for (String host : hosts) {
            if (host.isBlank()) {
                String empty = "--hosts: an empty entry (a doubled or trailing comma?)";
                if (!problems.contains(empty)) {
                    problems.add(empty);
                }
                continue;
            }
            Optional<String> problem = HostAddress.problem(host, "ssh.port in the inventory");
            if (problem.isPresent()) {
                problems.add("--hosts: " + problem.get());
            } else if (!seen.add(host)) {
                problems.add("--hosts: \"" + host + "\" is listed twice");
            }
        }
    }

    /** Comma-separated hosts, empty entries kept (they are reported); blank text means none. */
    public static List<String> splitHosts(String text) {
        List<String> hosts = new ArrayList<>();
        if (text.isBlank()) {
            return hosts;
        }
        for (String part : text.split(",", -1)) {
            hosts.add(part.strip());
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
