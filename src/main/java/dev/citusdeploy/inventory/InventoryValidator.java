package dev.citusdeploy.inventory;

import dev.citusdeploy.inventory.settings.ConfValue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The rules that span fields: names, references, collisions, and settings citus-deploy manages itself. */
final class InventoryValidator {
    private static final Pattern CLUSTER_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");
    private static final Pattern NODE_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");
    private static final Pattern SERVER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Pattern ENV_VAR = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern SETTING = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)?");
    private static final Pattern SSH_USER = Pattern.compile("[a-z_][a-z0-9_.-]{0,31}");
    /** Absolute, with no "." or ".." parts: the node folders are created, and destroy removes them, under it. */
    private static final Pattern DIR = Pattern.compile("/|(/(?!\\.\\.?(/|$))[A-Za-z0-9_.-]+)+/?");

    /** Settings that citus-deploy writes itself; overriding them would break the deployment. */
    static final Map<String, String> MANAGED_SETTINGS = Map.of(
            "port", "set the node's port instead",
            "listen_addresses", "citus-deploy listens on all addresses and limits access in pg_hba.conf",
            "hba_file", "citus-deploy writes pg_hba.conf itself",
            "config_file", "citus-deploy writes postgresql.conf itself",
            "data_directory", "the data lives in the node's Docker volume",
            "ident_file", "citus-deploy does not use ident maps");

    private final Problems problems;
    private SettingsCheck settingsCheck;

    InventoryValidator(Problems problems) {
        this.problems = problems;
    }

    void validate(Inventory inventory) {
        settingsCheck = new SettingsCheck(inventory, problems);
        matches("cluster", inventory.cluster(), CLUSTER_NAME,
                "must be lower-case letters, digits, - or _ (it names containers and volumes), at most 40 characters");
        matches("database", inventory.database(), IDENTIFIER, "must be a plain lower-case SQL identifier");
        matches("user", inventory.user(), IDENTIFIER, "must be a plain lower-case SQL identifier");
        if (inventory.image() != null) {
            ImageReference.problem(inventory.image()).ifPresent(message -> problems.add("image", message));
        }
        password(inventory.password());
        servers(inventory.servers());
        nodes(inventory);
        network(inventory);
        settings("postgresql.all", inventory.postgresql().all());
        settings("postgresql.coordinator", inventory.postgresql().coordinator());
        settings("postgresql.workers", inventory.postgresql().workers());
        List<String> clients = inventory.clients();
        for (int i = 0; i < clients.size(); i++) {
            String at = "clients[" + i + "]";
            Cidr.problem(clients.get(i)).ifPresent(message -> problems.add(at, message));
        }
    }

    private void password(PasswordSource source) {
        if (source instanceof PasswordSource.FromEnv env && !ENV_VAR.matcher(env.variable()).matches()) {
            // Someone who pastes the password itself here must not see it printed (and logged by CI).
            problems.add("password.env", "not an environment variable name (it is not printed, in case it is a password)");
        }
        if (source instanceof PasswordSource.FromFile file) {
            LocalFile.problem(file.file()).ifPresent(message -> problems.add("password.file", message));
        }
    }

    private void servers(List<Server> servers) {
        Map<String, Integer> names = new HashMap<>();
        Map<String, Integer> sshAddresses = new HashMap<>();
        Map<String, Integer> clusterAddresses = new HashMap<>();
        for (int i = 0; i < servers.size(); i++) {
            Server s = servers.get(i);
            String path = "servers[" + i + "]";
            matches(path + ".name", s.name(), SERVER_NAME, "must be letters, digits, ., - or _");
            unique(names, s.name(), i, path + ".name", "servers[%d]", "name");
            address(path + ".address", s.address(), "ssh.port");
            if (s.clusterAddress() != null && !s.clusterAddress().equals(s.address())) {
                address(path + ".cluster_address", s.clusterAddress(), "the node's port (coordinator.port, workers[].port)");
            }
            if (s.address() != null) {
                unique(sshAddresses, s.address() + ":" + s.ssh().port(), i, path + ".address", "servers[%d]",
                        "SSH address and port");
            }
            boolean sameAsDuplicateAddress = s.clusterAddress() != null && s.clusterAddress().equals(s.address())
                    && problems.reportedAt(path + ".address");
            if (s.clusterAddress() != null && !sameAsDuplicateAddress) {
                unique(clusterAddresses, s.clusterAddress(), i, path + ".cluster_address", "servers[%d]",
                        "cluster address");
            }
            matches(path + ".ssh.user", s.ssh().user(), SSH_USER, "is not a user name");
            if (!s.local() && s.ssh().identityFile() != null) {
                LocalFile.problem(s.ssh().identityFile()).ifPresent(message -> problems.add(path + ".ssh.identity_file", message));
            }
            matches(path + ".dir", s.dir(), DIR,
                    "must be an absolute path of letters, digits, _ . - and /, without . or .. parts");
        }
    }

    private void nodes(Inventory inventory) {
        Set<String> serverNames = inventory.servers().stream().map(Server::name)
                .filter(java.util.Objects::nonNull).collect(Collectors.toSet());
        Map<String, Integer> names = new HashMap<>();
        Map<String, String> endpoints = new HashMap<>();
        List<Node> nodes = inventory.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            if (node == null) {
                continue;
            }
            String path = nodePath(i);
            matches(path + ".name", node.name(), NODE_NAME,
                    "must be lower-case letters, digits, - or _ (it names the container), at most 40 characters");
            unique(names, node.name(), i, path + ".name", "nodes", "name");
            if (node.server() != null && !serverNames.contains(node.server()) && !problems.reportedAt("servers")) {
                problems.add(path + ".server", "no server named \"" + node.server() + "\""
                        + (serverNames.isEmpty() ? "" : " (servers: " + String.join(", ", sorted(serverNames)) + ")"));
            }
            if (node.server() != null && node.port() > 0) {
                String endpoint = node.server() + ":" + node.port();
                String previous = endpoints.putIfAbsent(endpoint, path);
                if (previous != null) {
                    problems.add(path + ".port", "port " + node.port() + " on server " + node.server()
                            + " is already used by " + previous);
                }
            }
            settings(path + ".postgresql", node.settings());
        }
    }

    /**
     * A private network exists on one server only; with host networking across several servers,
     * the loopback address would point each node at itself. (Only 127.0.0.1, ::1 and localhost:
     * other 127.x addresses are deliberate, e.g. several sshd on one test machine.)
     */
    private void network(Inventory inventory) {
        Set<String> used = inventory.nodes().stream().filter(n -> n != null && n.server() != null)
                .map(Node::server).collect(Collectors.toSet());
        if (inventory.network() == Network.PRIVATE && used.size() > 1) {
            problems.add("network", "private puts every node on one server's Docker network, but the nodes are on "
                    + used.size() + " servers (" + String.join(", ", sorted(used)) + "); use network: host");
        }
        if (inventory.network() == Network.HOST && used.size() > 1) {
            List<Server> servers = inventory.servers();
            for (int i = 0; i < servers.size(); i++) {
                Server s = servers.get(i);
                if (used.contains(s.name()) && s.clusterAddress() != null
                        && isTheLoopbackAddress(s.clusterAddress())) {
                    problems.add("servers[" + i + "].cluster_address", "\"" + s.clusterAddress()
                            + "\" is a loopback address, which the nodes on other servers cannot reach; set the address they use");
                }
            }
        }
    }

    private static boolean isTheLoopbackAddress(String address) {
        return address.equals("127.0.0.1") || address.equalsIgnoreCase("localhost")
                || IpLiteral.isIpv6(address) && IpLiteral.isLoopback(address);
    }

    private void settings(String path, Map<String, String> settings) {
        settings.forEach((name, value) -> {
            String at = path + "." + name;
            if (!SETTING.matcher(name).matches()) {
                problems.add(at, "is not a PostgreSQL setting name");
            } else if (MANAGED_SETTINGS.containsKey(name)) {
                problems.add(at, "is managed by citus-deploy: " + MANAGED_SETTINGS.get(name));
            } else if (name.equals("wal_level") && !ConfValue.unquote(value).equalsIgnoreCase("logical")) {
                problems.add(at, "must be logical: Citus moves shards with logical replication");
            } else {
                settingsCheck.check(path, name, value);
            }
        });
    }

    private void address(String path, String address, String portSetting) {
        if (address != null) {
            HostAddress.problem(address, portSetting).ifPresent(message -> problems.add(path, message));
        }
    }

    private void matches(String path, String value, Pattern pattern, String message) {
        if (value != null && !pattern.matcher(value).matches()) {
            problems.add(path, "\"" + value + "\" " + message);
        }
    }

    /** {@code otherPath} names the earlier entry: a format like "servers[%d]", or "nodes" for node paths. */
    private void unique(Map<String, Integer> seen, String value, int index, String path, String otherPath, String field) {
        if (value == null) {
            return;
        }
        Integer first = seen.putIfAbsent(value, index);
        if (first != null) {
            String other = otherPath.equals("nodes") ? nodePath(first) : String.format(otherPath, first);
            problems.add(path, "duplicate " + field + " \"" + value + "\" (also used by " + other + ")");
        }
    }

    /** Index 0 is the coordinator, then the workers (as {@link Inventory#nodes()} lists them). */
    private static String nodePath(int index) {
        return index == 0 ? "coordinator" : "workers[" + (index - 1) + "]";
    }

    private static List<String> sorted(Set<String> names) {
        return names.stream().sorted().toList();
    }
}
