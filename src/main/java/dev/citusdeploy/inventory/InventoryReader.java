package dev.citusdeploy.inventory;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Maps the YAML tree onto the inventory records, field by field, reporting shape problems. */
final class InventoryReader {
    private final Problems problems;
    private final Path baseDir;

    InventoryReader(Problems problems, Path baseDir) {
        this.problems = problems;
        this.baseDir = baseDir;
    }

    Inventory read(Section top, Path source) {
        String cluster = top.text("cluster", true);
        String image = top.text("image", InventoryLoader.DEFAULT_IMAGE);
        String database = top.text("database", "postgres");
        String user = top.text("user", "postgres");
        PasswordSource password = top.isEmpty("password") ? emptyPassword() : password(top.section("password"));

        Section sshSection = top.section("ssh");
        SshSettings sshDefaults = ssh(sshSection, new SshSettings("root", 22, null));
        Path knownHosts = sshSection == null ? null : path(sshSection, "known_hosts");
        if (sshSection != null) {
            sshSection.finish();
        }
        if (knownHosts == null) {
            knownHosts = Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
        }

        List<Server> servers = new ArrayList<>();
        for (Section s : top.list("servers")) {
            servers.add(server(s, sshDefaults));
        }
        if (!top.has("servers") && !problems.reportedAt("servers")) {
            problems.add("servers", "is required: list the servers that run the nodes");
        }

        Section coordinatorSection = top.section("coordinator");
        Node coordinator = null;
        if (coordinatorSection != null) {
            coordinator = node(coordinatorSection, Node.Role.COORDINATOR, "coordinator");
        } else if (!problems.reportedAt("coordinator")) {
            problems.add("coordinator", "is required: name the server that runs the coordinator");
        }
        List<Node> workers = new ArrayList<>();
        List<Section> workerSections = top.list("workers");
        for (int i = 0; i < workerSections.size(); i++) {
            workers.add(node(workerSections.get(i), Node.Role.WORKER, "worker" + (i + 1)));
        }

        PostgresSettings postgresql = settings(top.section("postgresql"));
        List<String> clients = top.texts("clients");
        Network network = network(top);
        top.finish();
        return new Inventory(source, cluster, image, database, user, password, servers, coordinator, workers,
                postgresql, clients, knownHosts, network);
    }

    private Network network(Section top) {
        String text = top.text("network", "host");
        for (Network network : Network.values()) {
            if (network.label().equals(text)) {
                return network;
            }
        }
        problems.add("network", "must be host or private, not \"" + text + "\"");
        return Network.HOST;
    }

    /** {@code password:} with nothing under it: meant to say where the password is, so not taken to mean "generate". */
    private PasswordSource emptyPassword() {
        problems.add("password", "empty; say env: VAR, file: PATH, or remove the key to generate one");
        return new PasswordSource.Generated();
    }

    private PasswordSource password(Section section) {
        if (section == null) {
            return new PasswordSource.Generated();
        }
        String env = section.text("env", false);
        boolean fileGiven = section.has("file");
        Path file = path(section, "file");
        section.finish();
        if (env != null && fileGiven) {
            problems.add(section.path(), "give either env or file, not both");
            return new PasswordSource.Generated();
        }
        if (env != null) {
            return new PasswordSource.FromEnv(env);
        }
        if (file != null) {
            return new PasswordSource.FromFile(file);
        }
        if (!problems.reportedAt(section.path())) {
            problems.add(section.path(), "give env (an environment variable) or file; leave password out to generate one");
        }
        return new PasswordSource.Generated();
    }

    private SshSettings ssh(Section section, SshSettings defaults) {
        if (section == null) {
            return defaults;
        }
        String user = section.text("user", defaults.user());
        Integer port = section.port("port", defaults.port());
        Path identity = path(section, "identity_file");
        return new SshSettings(user, port == null ? defaults.port() : port,
                identity == null ? defaults.identityFile() : identity);
    }

    private Server server(Section s, SshSettings sshDefaults) {
        String name = s.text("name", true);
        String connection = s.text("connection", "ssh");
        boolean local = connection.equals("local");
        if (!local && !connection.equals("ssh")) {
            problems.add(s.child("connection"), "must be ssh or local, not \"" + connection + "\"");
        }
        String address = local ? s.text("address", "127.0.0.1") : s.text("address", true);
        String clusterAddress = s.text("cluster_address", address);
        Section sshSection = s.section("ssh");
        SshSettings ssh = ssh(sshSection, sshDefaults);
        if (sshSection != null) {
            sshSection.finish();
        }
        String dir = s.text("dir", local ? InventoryLoader.defaultLocalDir() : InventoryLoader.DEFAULT_DIR);
        s.finish();
        return new Server(name, address, clusterAddress, ssh, dir, local);
    }

    private Node node(Section s, Node.Role role, String defaultName) {
        String name = s.text("name", defaultName);
        String server = s.text("server", true);
        Integer port = s.port("port", InventoryLoader.DEFAULT_PORT);
        Map<String, String> settings = s.scalars("postgresql");
        s.finish();
        return new Node(name, role, server, port == null ? 0 : port, settings);
    }

    private PostgresSettings settings(Section section) {
        if (section == null) {
            return PostgresSettings.none();
        }
        PostgresSettings settings = new PostgresSettings(
                section.scalars("all"), section.scalars("coordinator"), section.scalars("workers"));
        section.finish();
        return settings;
    }

    /** A local file's path: ~ expanded, relative paths resolved against the inventory's folder; null if absent or unusable. */
    private Path path(Section section, String key) {
        String text = section.text(key, false);
        if (text == null) {
            return null;
        }
        try {
            if (text.equals("~") || text.startsWith("~/")) {
                return Path.of(System.getProperty("user.home") + text.substring(1));
            }
            return baseDir.resolve(text).normalize();
        } catch (InvalidPathException e) {
            problems.add(section.child(key), "is not a usable path: " + e.getReason());
            return null;
        }
    }
}
