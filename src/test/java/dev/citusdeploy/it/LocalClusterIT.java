package dev.citusdeploy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.opentest4j.TestAbortedException;

/**
 * The single-machine quick start through the local connection (no SSH): init, apply, the
 * cluster answers, add-worker makes three and rebalances onto it, down keeps the data, destroy
 * removes everything.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalClusterIT {
    private static final String CLUSTER = "local" + Long.toHexString(System.nanoTime() & 0xfffff);
    private static Path dir;
    private static Path inventory;
    private static int port;
    private static Cli.Run apply;
    private static Cli.Run dryRun;
    private static String skipReason;

    @BeforeAll
    static void initAndApply() throws Exception {
        try {
            TestDocker.assumeReady();
        } catch (TestAbortedException e) {
            skipReason = e.getMessage();
            return;
        }
        dir = Files.createTempDirectory("citus-deploy-local");
        inventory = dir.resolve("citus.yml");
        port = freePortRange(4);
        Cli.Run init = Cli.run("init", "--workers=2", "--no-prompt", "--port=" + port, "--cluster=" + CLUSTER,
                "--image=" + TestDocker.IMAGE, "--output=" + inventory);
        assertEquals(0, init.exit(), init.toString());
        dryRun = Cli.run("apply", "--dry-run", inventory.toString());
        apply = Cli.run("apply", inventory.toString());
        System.out.println("apply: " + apply);
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (dir != null) {
            TestDocker.removeLocalCluster(CLUSTER);
            Shell.run(List.of("rm", "-rf", dir.toString()));
        }
    }

    @BeforeEach
    void requireDocker() {
        assumeTrue(skipReason == null, skipReason);
    }

    @Test
    @Order(1)
    void applyStartsTheClusterWithTheImagesDataLayout() {
        assertEquals(0, apply.exit(), apply.toString());
        TestDocker.assertDataLayoutOfImage(CLUSTER + "-coordinator", TestDocker.IMAGE);
        TestDocker.assertDataLayoutOfImage(CLUSTER + "-worker2", TestDocker.IMAGE);
        assertTrue(apply.out().contains("citus_add_node('" + CLUSTER + "-worker1', " + (port + 1) + ")"), apply.toString());
        assertTrue(apply.out().contains("citus_add_node('" + CLUSTER + "-worker2', " + (port + 2) + ")"), apply.toString());
    }

    @Test
    @Order(1)
    void aDryRunOfAFreshClusterListsEveryStepAndChangesNothing() {
        assertEquals(0, dryRun.exit(), dryRun.toString());
        for (String step : List.of("check that image " + TestDocker.IMAGE, "create /root/.citus-deploy/" + CLUSTER + "/worker2/compose.yaml",
                "start the container (no container yet)", "CREATE EXTENSION citus",
                "citus_set_coordinator_host('" + CLUSTER + "-coordinator', " + port + ")",
                "citus_add_node('" + CLUSTER + "-worker2', " + (port + 2) + ")")) {
            assertTrue(dryRun.out().contains(step), step + " missing from\n" + dryRun);
        }
        assertTrue(dryRun.out().strip().endsWith("changes planned for cluster " + CLUSTER + "."), dryRun.toString());
    }

    @Test
    @Order(2)
    void registerAddsARunningWorkerOnceAndThenHasNothingToDo() throws Exception {
        assumeCitus();
        try (Connection db = coordinator(); Statement sql = db.createStatement()) {
            sql.execute("SELECT citus_remove_node('" + CLUSTER + "-worker2', " + (port + 2) + ")");
            assertEquals(1, TestSql.single(sql, "SELECT count(*) FROM citus_get_active_worker_nodes()"));
        }
        Cli.Run register = Cli.run("register", inventory.toString(), "--host", CLUSTER + "-worker2", "--port", "" + (port + 2));
        assertEquals(0, register.exit(), register.toString());
        List<String> lines = register.out().strip().lines().toList();
        assertEquals("Registered " + CLUSTER + "-worker2:" + (port + 2) + " with the coordinator.", lines.get(lines.size() - 1));
        assertTrue(lines.get(0).matches("(\\d\\d:\\d\\d:\\d\\d\\.\\d{3} )?  worker2 +citus_add_node\\('" + CLUSTER + "-worker2', "
                + (port + 2) + "\\) \\(\\d+\\.\\d s\\)"), lines.get(0));

        Cli.Run again = Cli.run("register", inventory.toString(), "--host", CLUSTER + "-worker2", "--port", "" + (port + 2));
        assertEquals(0, again.exit(), again.toString());
        assertTrue(again.out().contains("is already registered and active: nothing to do."), again.toString());
    }

    @Test
    @Order(3)
    void theClusterAnswersWithTwoActiveWorkers() throws Exception {
        assumeCitus();
        Cli.Run status = Cli.run("status", "-o", "json", inventory.toString());
        assertEquals(0, status.exit(), status.toString());
        JsonNode json = new ObjectMapper().readTree(status.out());
        assertEquals(3, json.get("nodes").size());
        try (Connection db = coordinator(); Statement sql = db.createStatement()) {
            assertEquals(2, TestSql.single(sql, "SELECT count(*) FROM citus_get_active_worker_nodes()"));
            sql.execute("CREATE TABLE local_items (id bigint PRIMARY KEY, name text)");
            sql.execute("SELECT create_distributed_table('local_items', 'id')");
            sql.execute("INSERT INTO local_items SELECT i, 'item ' || i FROM generate_series(1, 500) i");
            assertEquals(500, TestSql.single(sql, "SELECT count(*) FROM local_items"));
        }
    }

    @Test
    @Order(4)
    void addWorkerMakesThreeAndRebalancesOntoIt() throws Exception {
        assumeCitus();
        Cli.Run add = Cli.run("add-worker", inventory.toString(), "--rebalance");
        System.out.println("add-worker: " + add);
        assertEquals(0, add.exit(), add.toString());
        assertTrue(add.out().contains("Added worker3 on server local, port " + (port + 3)), add.toString());
        assertTrue(add.out().contains("citus_add_node('" + CLUSTER + "-worker3', " + (port + 3) + ")"), add.toString());
        assertTrue(add.out().contains("rebalance onto worker3: "), add.toString());
        assertFalse(add.out().contains("until a rebalance"), add.toString());
        assertTrue(add.out().contains("finished: "), "the rebalance job was followed to its end: " + add);
        try (Connection db = coordinator(); Statement sql = db.createStatement()) {
            assertEquals(3, TestSql.single(sql, "SELECT count(*) FROM citus_get_active_worker_nodes()"));
            assertEquals(3, TestSql.single(sql, "SELECT count(DISTINCT nodename) FROM citus_shards WHERE table_name = 'local_items'::regclass"));
            assertEquals(500, TestSql.single(sql, "SELECT count(*) FROM local_items"));
        }
        Cli.Run again = Cli.run("apply", inventory.toString());
        assertTrue(again.out().startsWith("No changes"), again.toString());
    }

    @Test
    @Order(5)
    void downKeepsTheDataAndApplyBringsItBack() throws Exception {
        assumeCitus();
        Cli.Run down = Cli.run("down", inventory.toString());
        System.out.println("down: " + down);
        assertEquals(0, down.exit(), down.toString());
        assertEquals(List.of(), TestDocker.containersOf(CLUSTER));
        Cli.Run up = Cli.run("apply", inventory.toString());
        System.out.println("apply after down: " + up);
        assertEquals(0, up.exit(), up.toString());
        try (Connection db = coordinator(); Statement sql = db.createStatement()) {
            assertEquals(500, TestSql.single(sql, "SELECT count(*) FROM local_items"));
        }
    }

    @Test
    @Order(6)
    void destroyNeedsTheClusterNameThenRemovesEverything() throws Exception {
        assumeCitus();
        Cli.Run refused = Cli.run("destroy", inventory.toString());
        assertEquals(2, refused.exit(), refused.toString());
        assertTrue(refused.err().startsWith("destroy deletes every node's data: confirm with --confirm=" + CLUSTER), refused.toString());
        assertEquals(4, TestDocker.containersOf(CLUSTER).size(), "nothing was removed");

        Cli.Run dryRun = Cli.run("destroy", inventory.toString(), "--dry-run");
        assertEquals(0, dryRun.exit(), dryRun.toString());
        assertTrue(dryRun.out().contains("DELETE volume " + CLUSTER + "-worker3-data and folder "), dryRun.toString());
        assertTrue(dryRun.out().contains("remove network " + CLUSTER + "-network"), dryRun.toString());
        assertEquals(4, TestDocker.containersOf(CLUSTER).size(), "a dry run removes nothing");
        List<String> volumes = TestDocker.volumesOf(TestDocker.containersOf(CLUSTER));
        Cli.Run destroy = Cli.run("destroy", inventory.toString(), "--confirm=" + CLUSTER);
        assertEquals(0, destroy.exit(), destroy.toString());
        assertEquals(List.of(), TestDocker.containersOf(CLUSTER));
        for (String volume : volumes) {
            assertTrue(Shell.run(List.of("docker", "volume", "inspect", volume)).exit() != 0, "volume " + volume + " remains");
        }
        assertTrue(Shell.run(List.of("docker", "volume", "ls", "-q", "--filter", "name=" + CLUSTER)).out().isBlank());
        assertFalse(Files.exists(Path.of(System.getProperty("user.home"), ".citus-deploy", CLUSTER)));
    }

    /** Later steps need the cluster the first apply built (in CI a failed apply fails them too). */
    private static void assumeCitus() {
        Prerequisite.require(apply.exit() == 0, "apply failed");
    }

    private static Connection coordinator() throws Exception {
        String password = Files.readString(dir.resolve(".citus-deploy/" + CLUSTER + ".password")).strip();
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", password);
    }

    /** A base port with {@code count} free ports after it (checked, not assumed). */
    static int freePortRange(int count) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base;
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(0));
                base = socket.getLocalPort();
            }
            if (base + count < 65535 && allFree(base, count)) {
                return base;
            }
        }
        throw new IOException("no " + count + " consecutive free ports found");
    }

    private static boolean allFree(int base, int count) {
        for (int p = base; p < base + count; p++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(p));
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
