package dev.citusdeploy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.opentest4j.TestAbortedException;

/**
 * Scale-in with real Citus: workers removed from the inventory are drained before they are
 * removed, refused when it cannot be done safely, and a drain killed half way is finished by the
 * next apply; row counts and checksums never change. A coordinator and four workers on this machine.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleInIT {
    private static final String CLUSTER = "scalein" + Long.toHexString(System.nanoTime() & 0xfffff);
    private static final Path JAR = Path.of("target/citus-deploy.jar");
    private static TestLocalCluster local;
    private static Path dir;
    private static Path inventory;
    private static int port;
    private static Cli.Run apply;
    private static String skipReason;
    private static Map<String, String> checksums;

    @BeforeAll
    static void fourWorkersWithData() throws Exception {
        try {
            TestDocker.assumeReady();
        } catch (TestAbortedException e) {
            skipReason = e.getMessage();
            return;
        }
        local = TestLocalCluster.init(CLUSTER, 4);
        dir = local.dir;
        inventory = local.inventory;
        port = local.port;
        assertTrue(Files.readString(inventory).contains("  - name: worker4\n"), "init names every worker");
        apply = Cli.run("apply", inventory.toString());
        System.out.println("apply: " + apply);
        if (apply.exit() == 0) {
            try (Connection db = coordinator(); Statement sql = db.createStatement()) {
                sql.execute("CREATE TABLE items (id bigint PRIMARY KEY, name text)");
                sql.execute("SELECT create_distributed_table('items', 'id')");
                sql.execute("INSERT INTO items SELECT i, 'item ' || i FROM generate_series(1, 100000) i");
                sql.execute("CREATE TABLE events_nopk (tenant int, payload text)");
                sql.execute("SELECT create_distributed_table('events_nopk', 'tenant')");
                sql.execute("INSERT INTO events_nopk SELECT i % 97, 'event ' || i FROM generate_series(1, 20000) i");
                sql.execute("CREATE TABLE countries (code text PRIMARY KEY, name text)");
                sql.execute("SELECT create_reference_table('countries')");
                sql.execute("INSERT INTO countries SELECT 'c' || i, 'country ' || i FROM generate_series(1, 200) i");
            }
            checksums = checksums();
        }
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (local != null) {
            local.remove();
        }
    }

    @BeforeEach
    void requireCluster() {
        assumeTrue(skipReason == null, skipReason);
        Prerequisite.require(apply.exit() == 0, "the first apply failed: " + apply);
    }

    @Test
    @Order(1)
    void aRemovalThatCannotBeDoneSafelyIsRefusedAndChangesNothing() throws Exception {
        removeWorker("worker4");

        Cli.Run refused = Cli.run("apply", inventory.toString());
        System.out.println("refused removal: " + refused);

        assertEquals(5, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("cannot remove worker4 safely: logical replication cannot move the shards of events_nopk"),
                refused.toString());
        assertTrue(refused.err().contains("nothing was changed"), refused.toString());
        try (Connection db = coordinator(); Statement sql = db.createStatement()) {
            assertEquals(1, TestSql.single(sql, "SELECT count(*) FROM pg_dist_node WHERE nodeport = " + (port + 4)
                    + " AND shouldhaveshards AND isactive"), "worker4 untouched");
        }
        assertEquals("running", TestDocker.inspect(CLUSTER + "-worker4", "{{.State.Status}}"));
        assertEquals(checksums, checksums());
    }

    @Test
    @Order(2)
    void twoWorkersRemovedAtOnceAreDrainedRemovedAndStoppedWithTheirVolumesKept() throws Exception {
        removeWorker("worker3");
        Cli.Run plan = Cli.run("apply", "--dry-run", "--shard-transfer-mode", "block_writes", inventory.toString());
        System.out.println("scale-in plan: " + plan);
        int disallow = plan.out().indexOf("'shouldhaveshards', false");
        int drain = plan.out().indexOf("citus_rebalance_start(drain_only => true, shard_transfer_mode => 'block_writes')");
        assertTrue(disallow > 0 && drain > disallow, "both are closed before anything moves: " + plan);

        Cli.Run scaleIn = Cli.run("apply", "--shard-transfer-mode", "block_writes", inventory.toString());
        System.out.println("scale-in: " + scaleIn);

        assertEquals(0, scaleIn.exit(), scaleIn.toString());
        assertTrue(scaleIn.out().contains("citus_remove_node('" + CLUSTER + "-worker3', " + (port + 3) + ")"), scaleIn.toString());
        assertTrue(scaleIn.out().contains("citus_remove_node('" + CLUSTER + "-worker4', " + (port + 4) + ")"), scaleIn.toString());
        assertEquals(List.of(port + 1, port + 2), workerPorts());
        assertEquals(new TreeSet<>(List.of(port + 1, port + 2)), shardPorts());
        for (String gone : List.of("worker3", "worker4")) {
            assertEquals("", Shell.run(List.of("docker", "ps", "-aq", "--filter", "name=^" + CLUSTER + "-" + gone + "$")).out().strip());
            assertEquals(0, Shell.run(List.of("docker", "volume", "inspect", CLUSTER + "-" + gone + "-data")).exit(), "volume kept");
        }
        String pgpass = Shell.ok(List.of("docker", "exec", CLUSTER + "-coordinator", "cat", "/run/citus-deploy/pgpass"));
        assertFalse(pgpass.contains("worker3") || pgpass.contains("worker4"), "the others dropped them: " + pgpass.lines().count());
        assertEquals(checksums, checksums());
        assertTrue(Cli.run("apply", inventory.toString()).out().startsWith("No changes"));
    }

    @Test
    @Order(3)
    void aDrainKilledHalfWayIsFinishedByTheNextApply() throws Exception {
        removeWorker("worker2");
        killDuringTheDrain("--shard-transfer-mode", "block_writes");

        Cli.Run again = Cli.run("apply", "--shard-transfer-mode", "block_writes", inventory.toString());
        System.out.println("apply after the kill: " + again);

        assertEquals(0, again.exit(), again.toString());
        assertEquals(List.of(port + 1), workerPorts());
        assertEquals(new TreeSet<>(List.of(port + 1)), shardPorts());
        assertEquals(checksums, checksums());
        assertTrue(Cli.run("apply", inventory.toString()).out().startsWith("No changes"));
        Cli.Run history = Cli.run("history", inventory.toString());
        assertTrue(history.out().contains("interrupted"), history.toString());
    }

    @Test
    @Order(4)
    void aNewWorkerGetsShardsAndTheReferenceTableWithEveryRowKeptWhileWritesGoOn() throws Exception {
        try (Connection db = coordinator(); Statement sql = db.createStatement()) {
            // Logical replication (the default, auto) needs a replica identity on every table it moves.
            sql.execute("ALTER TABLE events_nopk REPLICA IDENTITY FULL");
        }
        Writer writer = Writer.start(local);
        Cli.Run add;
        try {
            add = Cli.run("add-worker", inventory.toString(), "--name", "worker5");
        } finally {
            writer.stop();
        }
        System.out.println("add-worker: " + add);
        System.out.println("writes during the logical rebalance: " + writer.ok + " succeeded, " + writer.failed.size() + " failed"
                + (writer.failed.isEmpty() ? "" : " (first: " + writer.failed.get(0) + ")"));

        assertEquals(0, add.exit(), add.toString());
        assertEquals(List.of(), writer.failed, "writes kept working while shards moved");
        assertTrue(writer.ok > 0, "the writer ran");
        try (Connection db = coordinator(); Statement sql = db.createStatement()) {
            assertEquals(100000 + writer.ok, TestSql.single(sql, "SELECT count(*) FROM items"), "every row, old and new");
            sql.execute("DELETE FROM items WHERE id > 100000");
        }
        assertTrue(add.out().contains("rebalance onto worker5"), add.toString());
        assertEquals(2, workerPorts().size());
        assertEquals(2, shardPorts().size(), "shards on both workers");
        try (Connection db = coordinator(); Statement sql = db.createStatement()) {
            assertEquals(1, TestSql.single(sql, "SELECT count(DISTINCT p.shardid) FROM pg_dist_placement p"
                    + " JOIN pg_dist_node n ON n.groupid = p.groupid JOIN pg_dist_shard s ON s.shardid = p.shardid"
                    + " WHERE s.logicalrelid = 'countries'::regclass AND n.nodename = '" + CLUSTER + "-worker5'"),
                    "the reference table is on the new worker");
        }
        assertEquals(checksums, checksums());
        assertTrue(Cli.run("apply", inventory.toString()).out().startsWith("No changes"));
    }

    @Test
    @Order(5)
    void aNewWorkerOnARemovedWorkersKeptVolumeIsRefused() throws Exception {
        Cli.Run add = Cli.run("add-worker", inventory.toString(), "--name", "worker3");
        System.out.println("add-worker on a kept volume: " + add);

        assertEquals(5, add.exit(), add.toString());
        assertTrue(add.err().contains("its volume " + CLUSTER + "-worker3-data holds the data of an earlier node"), add.toString());
        assertEquals(2, workerPorts().size());
        assertEquals(checksums, checksums());
    }

    @Test
    @Order(6)
    void aWorkerPutBackWhileItsDrainRunsTakesShardsAgain() throws Exception {
        String withWorker5 = Files.readString(inventory);
        removeWorker("worker5");
        killDuringTheDrain();

        Files.writeString(inventory, withWorker5);
        Cli.Run status = Cli.run("status", inventory.toString());
        assertEquals(6, status.exit(), status.toString());
        assertTrue(status.out().contains("waiting: node worker5 takes no new shards since a scale-in closed it"), status.toString());
        Cli.Run back = Cli.run("apply", inventory.toString());
        System.out.println("apply with worker5 put back: " + back);

        assertEquals(0, back.exit(), back.toString());
        assertTrue(back.out().matches("(?s).*citus_set_node_property\\('" + CLUSTER + "-worker5', \\d+, 'shouldhaveshards', true\\):"
                + " it takes shards again.*"), back.toString());
        try (Connection db = coordinator(); Statement sql = db.createStatement()) {
            assertEquals(1, TestSql.single(sql, "SELECT count(*) FROM pg_dist_node WHERE nodename = '" + CLUSTER + "-worker5'"
                    + " AND shouldhaveshards AND isactive"), "worker5 is open again");
            // Citus' drain job goes on to its end (its moves were planned when it started).
            sql.execute("SET statement_timeout = '300s'");
            sql.execute("SELECT citus_rebalance_wait()");
        }
        Cli.Run after = Cli.run("apply", inventory.toString());
        System.out.println("apply once the drain job ended: " + after);

        assertEquals(0, after.exit(), after.toString());
        assertEquals(2, workerPorts().size());
        assertEquals(2, shardPorts().size(), "a worker the job emptied gets shards again: " + after);
        assertEquals(checksums, checksums());
        assertTrue(Cli.run("apply", inventory.toString()).out().startsWith("No changes"));
    }

    @Test
    @Order(7)
    void destroyAlsoDeletesTheVolumesRemovedWorkersKept() throws Exception {
        List<String> kept = List.of(CLUSTER + "-worker2-data", CLUSTER + "-worker3-data", CLUSTER + "-worker4-data");
        assertEquals(kept, clusterVolumes().stream().filter(v -> !v.contains("coordinator") && !v.contains("worker1")
                && !v.contains("worker5")).toList(), "removed without --purge");

        Cli.Run destroy = Cli.run("destroy", inventory.toString(), "--confirm=" + CLUSTER);
        System.out.println("destroy: " + destroy);

        assertEquals(0, destroy.exit(), destroy.toString());
        assertTrue(destroy.out().contains("DELETE volume " + CLUSTER + "-worker3-data and folder "), destroy.toString());
        assertEquals(List.of(), clusterVolumes(), "nothing of the cluster is left");
        assertEquals("", Shell.run(List.of("docker", "ps", "-aq", "--filter", "label=dev.citusdeploy.cluster=" + CLUSTER)).out().strip());
        assertFalse(Files.exists(Path.of(System.getProperty("user.home"), ".citus-deploy", CLUSTER)), "its folder is gone");
    }

    private static List<String> clusterVolumes() {
        return Shell.run(List.of("docker", "volume", "ls", "-q", "--filter", "label=dev.citusdeploy.cluster=" + CLUSTER)).out()
                .lines().sorted().toList();
    }

    /** Runs apply as its own process and SIGKILLs it once its drain shows progress (the job goes on). */
    private static void killDuringTheDrain(String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-jar", JAR.toString(), "apply"));
        command.addAll(List.of(options));
        command.add(inventory.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> seen = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            String line;
            while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
                seen.add(line);
                if (line.contains("moves done")) {
                    break;
                }
            }
        } finally {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        System.out.println("killed during the drain: " + seen);
        assertTrue(seen.stream().anyMatch(l -> l.contains("moves done")), "the drain never showed progress: " + seen);
    }

    /** Inserts rows through the coordinator, one at a time, every 20 ms, for at most ten minutes. */
    static final class Writer {
        volatile boolean running = true;
        int ok;
        final List<String> failed = new ArrayList<>();
        private Thread thread;

        static Writer start(TestLocalCluster cluster) {
            Writer writer = new Writer();
            writer.thread = new Thread(() -> writer.run(cluster), "writer");
            writer.thread.start();
            return writer;
        }

        private void run(TestLocalCluster cluster) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            long id = 100000;
            Connection db = null;
            while (running && System.nanoTime() < deadline) {
                try {
                    if (db == null) {
                        db = cluster.coordinator();
                    }
                    try (Statement sql = db.createStatement()) {
                        sql.execute("INSERT INTO items VALUES (" + (id + 1) + ", 'written during the move')");
                    }
                    id++;
                    ok++;
                } catch (Exception e) {
                    failed.add(e.getMessage());
                    try {
                        if (db != null) {
                            db.close();
                        }
                    } catch (java.sql.SQLException ignored) {
                        // a broken connection
                    }
                    db = null;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
            try {
                if (db != null) {
                    db.close();
                }
            } catch (java.sql.SQLException ignored) {
                // closing at the end
            }
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(TimeUnit.SECONDS.toMillis(60));
        }
    }

    /** Deletes the worker's entry (its item of workers:, as init or add-worker wrote it) from the inventory. */
    private static void removeWorker(String name) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(inventory));
        int at = lines.indexOf(lines.stream().filter(l -> l.matches(" *(- )?name: " + name)).findFirst().orElseThrow());
        int start = at;
        while (!lines.get(start).startsWith("  - ")) {
            start--;
        }
        int end = start + 1;
        while (end < lines.size() && lines.get(end).startsWith("    ")) {
            end++;
        }
        lines.subList(start, end).clear();
        Files.writeString(inventory, String.join("\n", lines) + "\n");
    }

    private static List<Integer> workerPorts() throws Exception {
        List<Integer> ports = new ArrayList<>();
        try (Connection db = coordinator(); Statement sql = db.createStatement();
             ResultSet rows = sql.executeQuery("SELECT nodeport FROM pg_dist_node WHERE groupid <> 0 ORDER BY nodeport")) {
            while (rows.next()) {
                ports.add(rows.getInt(1));
            }
        }
        return ports;
    }

    private static TreeSet<Integer> shardPorts() throws Exception {
        TreeSet<Integer> ports = new TreeSet<>();
        try (Connection db = coordinator(); Statement sql = db.createStatement();
             ResultSet rows = sql.executeQuery("SELECT DISTINCT nodeport FROM citus_shards WHERE citus_table_type <> 'reference'")) {
            while (rows.next()) {
                ports.add(rows.getInt(1));
            }
        }
        return ports;
    }

    /** Row count and a checksum of every row, per table. */
    private static Map<String, String> checksums() throws Exception {
        Map<String, String> sums = new LinkedHashMap<>();
        try (Connection db = coordinator(); Statement sql = db.createStatement()) {
            for (String table : List.of("items", "events_nopk", "countries")) {
                try (ResultSet rows = sql.executeQuery("SELECT count(*) || ':' || coalesce(sum(hashtext(t::text)::bigint), 0)"
                        + " FROM " + table + " t")) {
                    rows.next();
                    sums.put(table, rows.getString(1));
                }
            }
        }
        return sums;
    }

    private static Connection coordinator() throws Exception {
        return local.coordinator();
    }
}
