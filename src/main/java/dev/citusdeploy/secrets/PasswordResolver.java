package dev.citusdeploy.secrets;

import dev.citusdeploy.CitusDeployException;
import dev.citusdeploy.ExitCode;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.PasswordSource;
import java.io.IOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * Finds the superuser's password: from the inventory's source, else the one kept on the servers by
 * an earlier apply, else a new random one. All nodes share it (node-to-node connections use it).
 */
public final class PasswordResolver {
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final int GENERATED_LENGTH = 32;

    private final UnaryOperator<String> environment;
    private final SecureRandom random = new SecureRandom();

    public PasswordResolver(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    public static PasswordResolver fromSystem() {
        return new PasswordResolver(System::getenv);
    }

    /** Only the inventory's own source; empty for a generated password. Contacts nothing. */
    public Optional<String> fromInventory(Inventory inventory) {
        String fileName = inventory.source().toString();
        PasswordSource source = inventory.password();
        if (source instanceof PasswordSource.FromEnv env) {
            String value = environment.apply(env.variable());
            if (value == null || value.isEmpty()) {
                throw new CitusDeployException(ExitCode.INVALID_INVENTORY, fileName + ": password.env: environment variable "
                        + env.variable() + " is not set");
            }
            return Optional.of(checked(value, fileName + ": password.env: " + env.variable()));
        }
        if (source instanceof PasswordSource.FromFile file) {
            try {
                String first = Files.readString(file.file()).lines().findFirst().orElse("");
                return Optional.of(checked(first, fileName + ": password.file: " + file.file()));
            } catch (IOException e) {
                throw new CitusDeployException(ExitCode.INVALID_INVENTORY,
                        fileName + ": password.file: cannot read " + file.file() + ": " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    /**
     * The password to use, given what each node's server keeps (node name -> stored password).
     * Servers that disagree are an error: one of them was set up by hand or by another cluster.
     */
    public String resolve(Inventory inventory, Map<String, Optional<String>> storedByNode) {
        Optional<String> configured = fromInventory(inventory);
        if (configured.isPresent()) {
            return configured.get();
        }
        Map<String, TreeSet<String>> nodesByPassword = new TreeMap<>();
        storedByNode.forEach((node, stored) ->
                stored.ifPresent(p -> nodesByPassword.computeIfAbsent(p, k -> new TreeSet<>()).add(node)));
        if (nodesByPassword.size() > 1) {
            StringBuilder groups = new StringBuilder();
            nodesByPassword.values().forEach(nodes -> groups.append(groups.length() == 0 ? "" : " vs ").append(nodes));
            throw new CitusDeployException(ExitCode.REMOTE_FAILURE, "nodes keep different stored passwords (" + groups
                    + "); set password.env or password.file in the inventory to the right one");
        }
        if (nodesByPassword.size() == 1) {
            return nodesByPassword.keySet().iterator().next();
        }
        return generate();
    }

    public String generate() {
        StringBuilder password = new StringBuilder(GENERATED_LENGTH);
        for (int i = 0; i < GENERATED_LENGTH; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }

    private static String checked(String password, String where) {
        if (password.isBlank() || password.indexOf('\n') >= 0 || password.indexOf('\r') >= 0) {
            throw new CitusDeployException(ExitCode.INVALID_INVENTORY, where + ": the password must be one non-empty line");
        }
        return password;
    }
}
