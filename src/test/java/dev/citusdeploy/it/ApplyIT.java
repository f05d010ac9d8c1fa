package dev.citusdeploy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.opentest4j.TestAbortedException;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * End to end over real OpenSSH, Docker and PostgreSQL (and Citus where the test image has it):
 * a coordinator and two workers on three "servers", then a second apply that changes nothing,
 * then status, then a distributed table whose shards land on both workers.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApplyIT {
    private static TestServers servers;
    private static TestInventory cluster;
    private static Path inventory;
    private static Cli.Run firstApply;

    private static String skipReason;

    @BeforeAll
    static void deploy() throws Exception {
        try {
            TestDocker.assumeReady();
            servers = TestServers.start(3);
        } catch (TestAbortedException e) {
            skipReason = e.getMessage();
            return;
        }
        cluster = new TestInventory(servers, "it" + Long.toHexString(System.nanoTime() & 0xffffff), 3);
        inventory = cluster.write("inventory.yml", "");
        firstApply = Cli.run("apply", inventory.toString());
        System.out.println("first apply: " + firstApply);
    }

    /** Reported per test, so missing Docker or sshd shows as skipped tests with the reason. */
    @BeforeEach
    void requireRig() {
        assumeTrue(skipReason == null, skipReason);
    }

    @AfterAll
    static void cleanUp() {
        if (cluster != null) {
            TestDocker.removeCluster(cluster.cluster);
        }
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    @Order(1)
    void firstApplyBuildsTheClusterWithTheImagesDataLayout() {
        assertEquals(0, firstApply.exit(), firstApply.toString());
        assertTrue(firstApply.out().contains("citus_set_coordinator_host('127.0.0.2', " + cluster.ports.get(0) + ")"),
                firstApply.toString());
        assertTrue(firstApply.out().contains("citus_add_node('127.0.0.3', " + cluster.ports.get(1) + ")"), firstApply.toString());
        assertTrue(firstApply.out().contains("citus_add_node('127.0.0.4', " + cluster.ports.get(2) + ")"), firstApply.toString());
        assertEquals(3, TestDocker.containersOf(cluster.cluster).size());
        for (String node : List.of("coordinator", "worker1", "worker2")) {
            TestDocker.assertDataLayoutOfImage(cluster.cluster + "-" + node, TestDocker.IMAGE);
        }
    }

    @Test
    @Order(2)
    void secretsAreOwnerOnlyAndNeverPrinted() throws Exception {
        assumeCitus();
        Path secret = cluster.remoteDir().resolve(cluster.cluster).resolve("coordinator").resolve("secrets/password");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));
        String password = Files.readString(secret);
        assertTrue(password.length() >= 32);
        assertTrue(!firstApply.out().contains(password) && !firstApply.err().contains(password));
    }

    @Test
    @Order(3)
    void secondApplyChangesNothing() throws Exception {
        assumeCitus();
        String startedAt = TestDocker.inspect(cluster.cluster + "-worker1", "{{.State.StartedAt}}");
        long modified = Files.getLastModifiedTime(confOf("worker1")).toMillis();

        Cli.Run second = Cli.run("apply", inventory.toString());
        System.out.println("second apply: " + second);

        assertEquals(0, second.exit(), second.toString());
        assertTrue(second.out().startsWith("No changes: cluster " + cluster.cluster + " already matches"), second.toString());
        assertEquals(startedAt, TestDocker.inspect(cluster.cluster + "-worker1", "{{.State.StartedAt}}"));
        assertEquals(modified, Files.getLastModifiedTime(confOf("worker1")).toMillis());
    }

    @Test
    @Order(4)
    void statusShowsEveryNodeRegisteredAndActive() throws Exception {
        assumeCitus();
        Cli.Run status = Cli.run("status", inventory.toString(), "-o", "json");
        assertEquals(0, status.exit(), status.toString());
        JsonNode json = new ObjectMapper().readTree(status.out());
        assertTrue(json.get("healthy").asBoolean());
        assertEquals(3, json.get("nodes").size());
        for (JsonNode node : json.get("nodes")) {
            assertTrue(node.get("reachable").asBoolean(), node.toString());
            assertTrue(node.get("registered").asBoolean(), node.toString());
            assertTrue(node.get("active").asBoolean(), node.toString());
            assertTrue(node.get("citus").asText().startsWith("Citus " + TestDocker.citusInImage().split("-")[0]), node.toString());
            assertTrue(node.get("container").asText().startsWith("running"), node.toString());
        }
        assertEquals(0, json.get("unknownNodes").size());

        Cli.Run text = Cli.run("status", inventory.toString());
        assertTrue(text.out().contains("Cluster " + cluster.cluster + " matches the inventory."), text.toString());
    }

    @Test
    @Order(5)
    void distributedTableHasShardsOnBothWorkersAndRowsComeBack() throws Exception {
        assumeCitus();
        try (Connection db = coordinator(); Statement sql = db.createStatement()) {
            sql.execute("CREATE TABLE events (tenant int, id bigint, payload text, PRIMARY KEY (tenant, id))");
            sql.execute("SELECT create_distributed_table('events', 'tenant')");
            sql.execute("INSERT INTO events SELECT t, i, 'row ' || i FROM generate_series(1, 20) t, generate_series(1, 50) i");
            assertEquals(1000, TestSql.single(sql, "SELECT count(*) FROM events"));
            assertEquals(50, TestSql.single(sql, "SELECT count(*) FROM events WHERE tenant = 7"));
            Set<Integer> ports = new HashSet<>();
            try (ResultSet rows = sql.executeQuery("SELECT DISTINCT nodeport FROM citus_shards WHERE table_name = 'events'::regclass")) {
                while (rows.next()) {
                    ports.add(rows.getInt(1));
                }
            }
            assertEquals(Set.of(cluster.ports.get(1), cluster.ports.get(2)), ports);
            // Worker-to-worker and node-to-itself connections authenticate too (password file).
            try (ResultSet rows = sql.executeQuery("SELECT bool_and(result) FROM citus_check_cluster_node_health()")) {
                rows.next();
                assertTrue(rows.getBoolean(1), "citus_check_cluster_node_health() reports a failed connection");
            }
        }
    }

    @Test
    @Order(6)
    void wrongPasswordIsReportedPerNode() throws Exception {
        assumeCitus();
        Path wrong = servers.dir.resolve("wrong-password");
        Files.writeString(wrong, "not-the-password\n");
        Path badInventory = cluster.write("wrong-password.yml", "password:\n  file: " + wrong + "\n");
        Cli.Run status = Cli.run("status", badInventory.toString());
        assertEquals(6, status.exit(), status.toString());
        assertTrue(status.out().contains("problem: node coordinator: password authentication failed for user postgres"),
                status.toString());
    }

    @Test
    @Order(7)
    void statusReportsWorkersTheInventoryDoesNotList() throws Exception {
        assumeCitus();
        try (Connection db = coordinator(); Statement sql = db.createStatement()) {
            sql.execute("SELECT citus_add_inactive_node('127.0.0.9', 6543)");
            try {
                Cli.Run status = Cli.run("status", inventory.toString());
                assertEquals(6, status.exit(), status.toString());
                assertTrue(status.out().contains("unknown: pg_dist_node lists 127.0.0.9:6543 (nodeid "), status.toString());
                Cli.Run apply = Cli.run("apply", inventory.toString());
                assertEquals(0, apply.exit(), apply.toString());
                assertTrue(apply.out().contains("warning: coordinator: pg_dist_node has primary 127.0.0.9:6543"), apply.toString());
                assertTrue(apply.out().contains("No changes"), "apply never removes a node: " + apply);
            } finally {
                sql.execute("SELECT citus_remove_node('127.0.0.9', 6543)");
            }
        }
    }

    @Test
    @Order(8)
    void changedSettingsAreReloadedAndRestartsDeferredWithNoRestart() throws Exception {
        assumeCitus();
        String startedAt = TestDocker.inspect(cluster.cluster + "-worker1", "{{.State.StartedAt}}");
        Files.writeString(inventory, Files.readString(inventory)
                .replace("    max_connections: 100\n", "    max_connections: 120\n    work_mem: 32MB\n"));

        Cli.Run apply = Cli.run("apply", "--no-restart", inventory.toString());
        System.out.println("changed settings: " + apply);

        assertEquals(0, apply.exit(), apply.toString());
        assertTrue(apply.out().contains("worker1        reload the configuration"), apply.toString());
        assertTrue(apply.out().contains("warning: node worker1: not restarted (--no-restart): max_connections needs a restart"),
                apply.toString());
        assertEquals(startedAt, TestDocker.inspect(cluster.cluster + "-worker1", "{{.State.StartedAt}}"), "no restart");
        Cli.Run status = Cli.run("status", inventory.toString());
        assertEquals(6, status.exit(), status.toString());
        assertTrue(status.out().contains("waiting: node worker1 runs with old values of max_connections until it restarts"),
                status.toString());
        try (Connection db = coordinator(); Statement sql = db.createStatement()) {
            try (ResultSet rows = sql.executeQuery("SELECT result FROM run_command_on_workers('SHOW work_mem')")) {
                while (rows.next()) {
                    assertEquals("32MB", rows.getString(1));
                }
            }
        }
    }

    @Test
    @Order(9)
    void planShowsWhatWouldChangeAndApplyMakesItSo() throws Exception {
        assumeCitus();
        Files.writeString(inventory, Files.readString(inventory).replace("    work_mem: 32MB\n", "    work_mem: 48MB\n"));

        Cli.Run plan = Cli.run("plan", inventory.toString());
        System.out.println("plan: " + plan);
        Cli.Run json = Cli.run("plan", "-o", "json", inventory.toString());

        assertEquals(7, plan.exit(), plan.toString());
        assertTrue(plan.out().contains("-work_mem = 32MB"), plan.toString());
        assertTrue(plan.out().contains("+work_mem = 48MB"), plan.toString());
        assertTrue(plan.out().contains("reload the configuration: work_mem 32MB -> 48MB (reload)"), plan.toString());
        assertEquals(7, json.exit(), json.toString());
        String password = Files.readString(cluster.remoteDir().resolve(cluster.cluster).resolve("coordinator/secrets/password")).strip();
        assertTrue(!json.out().contains(password) && !plan.out().contains(password), "no secret in a plan");
        assertEquals(3, new ObjectMapper().readTree(json.out()).get("actions").findValuesAsText("action").stream()
                .filter("reload"::equals).count(), json.out());

        assertTrue(plan.out().contains("restart the container (waiting for a restart: max_connections)"), plan.toString());
        assertEquals(0, Cli.run("apply", inventory.toString()).exit());
        Cli.Run after = Cli.run("plan", inventory.toString());
        assertEquals(0, after.exit(), after.toString());
        assertTrue(after.out().startsWith("No changes: cluster " + cluster.cluster), after.toString());
    }

    @Test
    @Order(10)
    void aWorkerWhoseAddressChangedIsUpdatedInPlaceWithItsShards() throws Exception {
        assumeCitus();
        Files.writeString(inventory, Files.readString(inventory).replace("    address: 127.0.0.4\n",
                "    address: 127.0.0.4\n    cluster_address: 127.0.0.44\n"));

        Cli.Run apply = Cli.run("apply", inventory.toString());
        System.out.println("address change: " + apply);

        assertEquals(0, apply.exit(), apply.toString());
        assertTrue(apply.out().contains("citus_update_node("), apply.toString());
        assertTrue(apply.out().contains("'127.0.0.44', " + cluster.ports.get(2) + ") (was 127.0.0.4:" + cluster.ports.get(2) + ")"),
                apply.toString());
        try (Connection db = coordinator(); Statement sql = db.createStatement()) {
            assertEquals(1, TestSql.single(sql, "SELECT count(*) FROM pg_dist_node WHERE nodename = '127.0.0.44'"));
            assertEquals(0, TestSql.single(sql, "SELECT count(*) FROM pg_dist_node WHERE nodename = '127.0.0.4'"));
            assertEquals(1000, TestSql.single(sql, "SELECT count(*) FROM events"), "its shards answer at the new address");
            assertEquals(0, TestSql.single(sql, "SELECT count(*) FROM citus_check_cluster_node_health() WHERE NOT result"));
        }
        assertTrue(Cli.run("apply", inventory.toString()).out().startsWith("No changes"));
    }

    @Test
    @Order(11)
    void aWorkerThatWasTheLastNodeOfItsServerIsDrainedAndRemoved() throws Exception {
        assumeCitus();
        String text = Files.readString(inventory);
        String entry = "  - server: s3\n    port: " + cluster.ports.get(2) + "\n";
        assertTrue(text.contains(entry), text);
        Files.writeString(inventory, text.replace(entry, ""));

        Cli.Run apply = Cli.run("apply", inventory.toString());
        System.out.println("worker2 removed (the only node of s3): " + apply);

        assertEquals(0, apply.exit(), apply.toString());
        assertTrue(apply.out().contains("citus_remove_node('127.0.0.44', " + cluster.ports.get(2) + ")"), apply.toString());
        assertTrue(apply.out().contains("stop and remove container " + cluster.cluster + "-worker2"), apply.toString());
        try (Connection db = coordinator(); Statement sql = db.createStatement()) {
            assertEquals(1, TestSql.single(sql, "SELECT count(*) FROM pg_dist_node WHERE groupid <> 0"));
            assertEquals(1000, TestSql.single(sql, "SELECT count(*) FROM events"), "every row, now on worker1");
        }
        assertEquals(List.of(), TestDocker.containersOf(cluster.cluster).stream()
                .filter(c -> TestDocker.inspect(c, "{{.Name}}").endsWith("-worker2")).toList());
        assertTrue(Cli.run("apply", inventory.toString()).out().startsWith("No changes"));
    }

    @Test
    @Order(12)
    void statusWithOneServerUnreachableStillShowsTheOtherNodes() throws Exception {
        assumeCitus();
        servers.stop(1);

        Cli.Run status = Cli.run("status", inventory.toString());
        System.out.println("status with s2 down: " + status);

        assertEquals(6, status.exit(), status.toString());
        List<String> rows = status.out().lines().toList();
        assertTrue(rows.get(0).startsWith("NODE"), status.toString());
        assertTrue(rows.get(1).startsWith("coordinator") && rows.get(1).contains(" ok "), status.toString());
        assertTrue(rows.get(2).startsWith("worker1") && rows.get(2).contains(" DOWN "), status.toString());
        assertTrue(status.out().contains("problem: server s2: cannot connect to 127.0.0.3:" + TestServers.SSH_PORT), status.toString());
    }

    private static Path confOf(String node) {
        return cluster.remoteDir().resolve(cluster.cluster).resolve(node).resolve("postgresql.conf");
    }

    /** Later steps need the cluster the first apply built (in CI a failed apply fails them too). */
    private static void assumeCitus() {
        Prerequisite.require(firstApply.exit() == 0, "the first apply failed");
    }

    private static Connection coordinator() throws Exception {
        Path secret = cluster.remoteDir().resolve(cluster.cluster).resolve("coordinator").resolve("secrets/password");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.2:" + cluster.ports.get(0) + "/postgres",
                "postgres", Files.readString(secret).strip());
    }

    static List<Path> filesUnder(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }
}
