package dev.citusdeploy.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.citusdeploy.ssh.CommandResult;
import dev.citusdeploy.ssh.RemoteShell;
import dev.citusdeploy.ssh.Tunnel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A recording fake of one server behind the {@link RemoteShell} port: files, containers and the
 * Docker commands citus-deploy sends, understood just well enough to converge.
 */
final class FakeServer implements RemoteShell {
    final String name;
    final Map<String, byte[]> files = new ConcurrentHashMap<>();
    final Map<String, String> containers = new ConcurrentHashMap<>();
    final List<List<String>> commands = new ArrayList<>();
    boolean imageHasCitus = true;
    /** Whether the docker compose plugin is installed. */
    boolean hasCompose = true;
    /** What {@code postgres -C} says of a node's postgresql.conf (null: it accepts it). */
    String postgresConfError;
    /** The image's PG_MAJOR (the test inventories' citusdata/citus:13.2.0-pg15 runs 15). */
    int imageMajor = 15;
    /** Named volumes: name -> the PG_VERSION files on it ({@code <path> <major>} lines). */
    final Map<String, String> volumes = new ConcurrentHashMap<>();

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Where a compose file mounts the node's data volume. */
    static String dataMount(String compose) {
        for (JsonNode volume : service(compose).get("volumes")) {
            if (volume.asText().startsWith("data:")) {
                return volume.asText().substring("data:".length());
            }
        }
        throw new AssertionError("no data volume in\n" + compose);
    }

    static String pgdata(String compose) {
        return service(compose).get("environment").get("PGDATA").asText();
    }

    private static JsonNode service(String compose) {
        try {
            return YAML.readTree(compose).get("services").elements().next();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    FakeServer(String name) {
        this.name = name;
    }

    @Override
    public String server() {
        return name;
    }

    @Override
    public synchronized CommandResult run(List<String> argv, byte[] stdin, java.time.Duration timeout) {
        commands.add(argv);
        String joined = String.join(" ", argv);
        if (joined.startsWith("docker version")) {
            return ok("20.10.24");
        }
        if (joined.startsWith("docker compose version")) {
            return compose();
        }
        if (joined.startsWith("docker inspect --type container")) {
            String state = containers.get(argv.get(argv.size() - 1));
            return state == null ? new CommandResult(1, "", "Error: No such object") : ok(state + "\n");
        }
        if (joined.startsWith("docker exec --user postgres") && argv.contains("-C")) {
            return postgresConfError == null ? ok("/var/lib/postgresql/data\n") : new CommandResult(1, "", postgresConfError);
        }
        if (joined.startsWith("docker exec --user 0") && argv.contains("--refresh-password")) {
            return ok("");
        }
        if (joined.startsWith("docker restart")) {
            return ok(argv.get(argv.size() - 1) + "\n");
        }
        if (joined.startsWith("docker image inspect")) {
            return ok("sha256:feed|[\"PATH=/usr/bin\",\"PG_MAJOR=" + imageMajor + "\"]\n");
        }
        if (joined.startsWith("docker run --rm") && argv.contains("--volume")) {
            String volume = argv.get(argv.indexOf("--volume") + 1).split(":")[0];
            return ok(volumes.getOrDefault(volume, ""));
        }
        if (joined.startsWith("docker run --rm")) {
            return probe();
        }
        if (argv.get(0).equals("sh") && argv.get(2).contains("docker volume inspect")) {
            StringBuilder out = new StringBuilder();
            argv.subList(4, argv.size()).stream().filter(volumes::containsKey).forEach(v -> out.append(v).append('\n'));
            return ok(out.toString());
        }
        if (argv.get(0).equals("sh") && argv.get(2).startsWith("f=$1; c=$2; b=$3; shift 3;")) {
            // The cluster's containers (name, volume pairs from index 7), then, where one of them is
            // not running with its volume, what its batch of start commands prints.
            StringBuilder out = new StringBuilder();
            boolean starting = false;
            StringBuilder volumesFound = new StringBuilder();
            for (int i = 7; i + 1 < argv.size(); i += 2) {
                String container = argv.get(i);
                String volume = argv.get(i + 1);
                String state = containers.get(container);
                if (state != null) {
                    out.append('/').append(container).append("|||2026-01-01T00:00:00Z|").append(state).append('\n');
                }
                starting |= state == null || !state.startsWith("running|") || !state.contains(volume + "=");
                if (volumes.containsKey(volume)) {
                    volumesFound.append(volume).append('\n');
                }
            }
            if (starting && !argv.get(6).isEmpty()) {
                // Compose's plugin, no docker-compose binary, the image's contents, the volumes.
                out.append(dev.citusdeploy.ssh.RemoteCommands.STARTING).append('\n').append(batchLine(0, compose()))
                        .append(batchLine(1, new CommandResult(127, "", "docker-compose: not found")))
                        .append(batchLine(2, probe())).append(batchLine(3, ok(volumesFound.toString())));
            }
            return ok(out.toString());
        }
        if (argv.get(0).equals("sh") && argv.get(2).startsWith("stat -c %Y")) {
            return ok("");
        }
        if (argv.get(0).equals("docker") && argv.contains("up")) {
            composeUp(argv.get(argv.indexOf("--file") + 1));
            return ok("");
        }
        if (argv.get(0).equals("sh") && argv.get(2).contains("base64")) {
            StringBuilder out = new StringBuilder();
            for (String path : argv.subList(4, argv.size())) {
                if (files.containsKey(path)) {
                    out.append(path).append('\t').append(java.util.Base64.getEncoder().encodeToString(files.get(path))).append('\n');
                }
            }
            return ok(out.toString());
        }
        if (argv.get(0).equals("sh") && argv.get(2).contains("sha256sum")) {
            StringBuilder out = new StringBuilder();
            for (String path : argv.subList(4, argv.size())) {
                if (files.containsKey(path)) {
                    out.append(sha256(files.get(path))).append("  ").append(path).append('\n');
                }
            }
            return ok(out.toString());
        }
        if (argv.get(0).equals("sh") && argv.get(2).contains("cat > \"$t\"")) {
            files.put(argv.get(4), stdin);
            return ok("");
        }
        if (argv.get(0).equals("sh") && argv.get(2).contains("cat > \"$t/all\"")) {
            int offset = 0;
            for (int i = 4; i + 3 < argv.size(); i += 4) {
                int length = Integer.parseInt(argv.get(i + 3));
                files.put(argv.get(i), java.util.Arrays.copyOfRange(stdin, offset, offset + length));
                offset += length;
            }
            return ok("");
        }
        if (argv.get(0).equals("sh") && argv.get(2).contains("pg_isready")) {
            // Possibly a compose up (or docker restart) first, in the same command.
            java.util.regex.Matcher up = java.util.regex.Pattern.compile(" up --detach").matcher(argv.get(2));
            if (up.find()) {
                java.util.regex.Matcher file = java.util.regex.Pattern.compile("--file '?([^ ']+)'?").matcher(argv.get(2));
                if (!file.find()) {
                    throw new AssertionError("no compose file in " + argv.get(2));
                }
                composeUp(file.group(1));
            }
            String state = containers.get(argv.get(4));
            return state != null && state.startsWith("running|healthy|0") ? ok("running|0|healthy\n")
                    : new CommandResult(3, state == null ? "gone\n" : state, "");
        }
        if (joined.startsWith("rm -f --")) {
            argv.subList(3, argv.size()).forEach(files::remove);
            return ok("");
        }
        if (argv.get(0).equals("sh") && argv.get(2).startsWith("rm -f -- \"$1\" \"$1.holder\"")) {
            return ok("");
        }
        if (argv.get(0).equals("sh") && argv.get(2).startsWith("if [ -f")) {
            byte[] content = files.get(argv.get(4));
            return ok(content == null ? "" : new String(content, StandardCharsets.UTF_8));
        }
        return new CommandResult(127, "", "fake server does not know: " + joined);
    }

    private CommandResult compose() {
        return hasCompose ? ok("2.26.1\n") : new CommandResult(125, "", "docker: 'compose' is not a docker command.");
    }

    /** docker compose up of the node whose compose file is {@code composeFile}. */
    private void composeUp(String composeFile) {
        String compose = new String(files.get(composeFile), StandardCharsets.UTF_8);
        // The container's name, as compose.yaml gives it (the project is the cluster on a private network).
        String container = compose.lines().filter(l -> l.strip().startsWith("container_name:")).findFirst().orElseThrow()
                .strip().substring("container_name:".length()).strip().replace("\"", "");
        String mount = dataMount(compose);
        String pgdata = pgdata(compose);
        containers.put(container, "running|healthy|0|" + container + "-data=" + mount + ";|[\"PGDATA=" + pgdata + "\"]");
        volumes.putIfAbsent(container + "-data", (pgdata.equals(mount) ? "PG_VERSION " : imageMajor + "/docker/PG_VERSION ")
                + imageMajor + "\n");
    }

    /** What the image holds, as {@code RemoteCommands.probeImage} prints it. */
    private CommandResult probe() {
        return ok("postgres=postgres (PostgreSQL) " + imageMajor + ".1\n"
                + (imageHasCitus ? "citus=/usr/lib/postgresql/" + imageMajor + "/lib/citus.so\n" : ""));
    }

    /** One result line of a {@code CommandBatch}. */
    private static String batchLine(int index, CommandResult result) {
        java.util.Base64.Encoder base64 = java.util.Base64.getEncoder();
        return index + " " + result.exitCode() + " " + base64.encodeToString(result.stdout().getBytes(StandardCharsets.UTF_8))
                + " " + base64.encodeToString(result.stderr().getBytes(StandardCharsets.UTF_8)) + "\n";
    }

    /** Commands that change something on the server (uploads and compose up). */
    synchronized List<List<String>> changes() {
        return commands.stream().filter(c -> c.contains("up") || c.size() > 2 && c.get(2).contains("cat > \"$t")).toList();
    }

    /** Who holds this server's lock files (a lock file path -> holder), as flock would. */
    final Map<String, String> locks = new ConcurrentHashMap<>();

    @Override
    public synchronized dev.citusdeploy.ssh.HeldCommand hold(List<String> argv, String ready, java.time.Duration timeout) {
        commands.add(argv);
        String file = argv.get(4);
        if (locks.containsKey(file)) {
            return new dev.citusdeploy.ssh.HeldCommand(List.of("BUSY", locks.get(file)), false, 75, () -> { });
        }
        locks.put(file, argv.get(5));
        String now = String.format(java.util.Locale.ROOT, "%.9f", System.currentTimeMillis() / 1000.0);
        return new dev.citusdeploy.ssh.HeldCommand(List.of("released " + released.getOrDefault(file, "0") + " " + now + " 0"), true, -1,
                () -> {
                    locks.remove(file);
                    released.put(file, String.format(java.util.Locale.ROOT, "%.9f", System.currentTimeMillis() / 1000.0));
                });
    }

    /** When each lock was last released (seconds, as the lock command records it). */
    final Map<String, String> released = new ConcurrentHashMap<>();

    @Override
    public Tunnel forward(String host, int port) {
        return Tunnel.direct(host, port);
    }

    @Override
    public void close() {
    }

    private static CommandResult ok(String out) {
        return new CommandResult(0, out, "");
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
