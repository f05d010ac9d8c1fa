package dev.citusdeploy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where a node's data lives, on real images: an existing node keeps the layout its volume has,
 * data of another PostgreSQL major is refused before anything changes, destroy removes every
 * volume a node used. Single-machine clusters (local connection), PostgreSQL 17 and 18 images.
 */
class DataLayoutIT {
    private static final String PG17 = "citus-deploy-test:14.0.1-pg17";
    private static final String PG18 = TestDocker.DEFAULT_IMAGE;

    private final List<String> clusters = new ArrayList<>();
    private final List<Path> dirs = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        clusters.forEach(TestDocker::removeLocalCluster);
        dirs.forEach(dir -> Shell.run(List.of("rm", "-rf", dir.toString())));
    }

    /**
     * A PostgreSQL 18 volume in the layout up to 17 (volume = PGDATA at /var/lib/postgresql/data), as
     * an earlier citus-deploy wrote it, without its container (after down): apply starts the node
     * on it as it is, with its data, while the new coordinator gets the PostgreSQL 18 layout.
     */
    @Test
    void anExistingVolumeKeepsItsLayoutAndItsData() throws Exception {
        TestDocker.requireImage(PG18);
        Cluster cluster = init(PG18);
        String volume = cluster.name + "-worker1-data";
        Shell.ok(List.of("docker", "volume", "create", "--label", "dev.citusdeploy.cluster=" + cluster.name,
                "--label", "dev.citusdeploy.node=worker1", volume));
        String seed = cluster.name + "-seed";
        Shell.ok(List.of("docker", "run", "-d", "--name", seed, "--network", "none", "-v", volume + ":/var/lib/postgresql/data",
                "-e", "PGDATA=/var/lib/postgresql/data", "-e", "POSTGRES_PASSWORD=" + cluster.password(), PG18));
        try {
            waitForServer(seed);
            Shell.ok(List.of("docker", "exec", seed, "psql", "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-c",
                    "CREATE TABLE kept AS SELECT i FROM generate_series(1, 1234) i"));
        } finally {
            Shell.run(List.of("docker", "rm", "-f", "-v", seed));
        }

        Cli.Run apply = Cli.run("apply", cluster.inventory.toString());
        System.out.println("apply on an old-layout volume: " + apply);

        assertEquals(0, apply.exit(), apply.toString());
        assertEquals(volume + "=/var/lib/postgresql/data;", TestDocker.inspect(cluster.name + "-worker1",
                "{{range .Mounts}}{{if eq .Name \"" + volume + "\"}}{{.Name}}={{.Destination}};{{end}}{{end}}"));
        assertTrue(TestDocker.inspect(cluster.name + "-worker1", "{{json .Config.Env}}").contains("\"PGDATA=/var/lib/postgresql/data\""));
        TestDocker.assertDataLayoutOfImage(cluster.name + "-coordinator", PG18);
        assertEquals("1234", Shell.ok(List.of("docker", "exec", "-e", "PGPASSWORD=" + cluster.password(), cluster.name + "-worker1",
                "psql", "-U", "postgres", "-Atc",
                "SELECT count(*) FROM kept")).strip());
        try (Connection db = cluster.coordinator(); Statement sql = db.createStatement()) {
            assertEquals(1, TestSql.single(sql, "SELECT count(*) FROM citus_get_active_worker_nodes()"));
        }
        Cli.Run again = Cli.run("apply", cluster.inventory.toString());
        assertTrue(again.out().startsWith("No changes"), again.toString());

        List<String> volumes = TestDocker.volumesOf(TestDocker.containersOf(cluster.name));
        assertTrue(volumes.size() > 2, "the PostgreSQL 18 image adds an anonymous volume to the old layout: " + volumes);
        Cli.Run destroy = Cli.run("destroy", cluster.inventory.toString(), "--confirm=" + cluster.name);
        assertEquals(0, destroy.exit(), destroy.toString());
        for (String used : volumes) {
            assertTrue(Shell.run(List.of("docker", "volume", "inspect", used)).exit() != 0, "volume " + used + " remains");
        }
    }

    /** Moving running PostgreSQL 17 nodes to a PostgreSQL 18 image would leave them unable to start: refused, nothing changes. */
    @Test
    void anImageOfAnotherMajorIsRefusedBeforeAnythingChanges() throws Exception {
        TestDocker.requireImage(PG17);
        TestDocker.requireImage(PG18);
        Cluster cluster = init(PG17);
        Cli.Run apply = Cli.run("apply", cluster.inventory.toString());
        assertEquals(0, apply.exit(), apply.toString());
        try (Connection db = cluster.coordinator(); Statement sql = db.createStatement()) {
            sql.execute("CREATE TABLE items (id bigint PRIMARY KEY)");
            sql.execute("SELECT create_distributed_table('items', 'id')");
            sql.execute("INSERT INTO items SELECT generate_series(1, 1000)");
        }
        String startedAt = TestDocker.inspect(cluster.name + "-worker1", "{{.State.StartedAt}}");
        Path compose = Path.of(System.getProperty("user.home"), ".citus-deploy", cluster.name, "worker1", "compose.yaml");
        String composeBefore = Files.readString(compose);
        Files.writeString(cluster.inventory, Files.readString(cluster.inventory).replace("image: " + PG17, "image: " + PG18));

        Cli.Run upgrade = Cli.run("apply", cluster.inventory.toString());

        assertEquals(5, upgrade.exit(), upgrade.toString());
        for (String node : List.of("coordinator", "worker1")) {
            assertTrue(upgrade.err().contains("node " + node + " on server local: its data (volume " + cluster.name + "-" + node
                    + "-data) is PostgreSQL 17, but image " + PG18 + " runs PostgreSQL 18"), upgrade.toString());
        }
        assertEquals(startedAt, TestDocker.inspect(cluster.name + "-worker1", "{{.State.StartedAt}}"));
        assertEquals(composeBefore, Files.readString(compose), "nothing uploaded");
        try (Connection db = cluster.coordinator(); Statement sql = db.createStatement()) {
            assertEquals(1000, TestSql.single(sql, "SELECT count(*) FROM items"));
        }
    }

    private record Cluster(String name, Path dir, Path inventory, int port) {
        String password() throws Exception {
            return Files.readString(dir.resolve(".citus-deploy/" + name + ".password")).strip();
        }

        Connection coordinator() throws Exception {
            return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", password());
        }
    }

    private Cluster init(String image) throws Exception {
        String name = "layout" + Long.toHexString(System.nanoTime() & 0xfffff);
        Path dir = Files.createTempDirectory("citus-deploy-layout");
        clusters.add(name);
        dirs.add(dir);
        int port = LocalClusterIT.freePortRange(2);
        Path inventory = dir.resolve("citus.yml");
        Cli.Run init = Cli.run("init", "--workers=1", "--no-prompt", "--port=" + port, "--cluster=" + name,
                "--image=" + image, "--output=" + inventory);
        assertEquals(0, init.exit(), init.toString());
        return new Cluster(name, dir, inventory, port);
    }

    /** Until the seed container's server (not the init-time one) accepts connections; bounded. */
    private static void waitForServer(String container) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            String logs = Shell.run(List.of("docker", "logs", container)).out();
            if (logs.contains("PostgreSQL init process complete") && Shell.run(List.of("docker", "exec", container,
                    "pg_isready", "-q", "-h", "127.0.0.1")).exit() == 0) {
                return;
            }
            Thread.sleep(300);
        }
        throw new AssertionError(container + " did not start within 120 s: " + Shell.run(List.of("docker", "logs", container)));
    }
}
