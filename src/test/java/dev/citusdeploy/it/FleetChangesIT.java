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
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.opentest4j.TestAbortedException;

/**
 * Changing a running cluster with real Citus: reload-only settings restart nothing; restart-only
 * settings restart the nodes one at a time (workers first) while queries run; a value the server
 * rejects changes nothing; a wrong password changes nothing; a rolling restart killed half way is
 * finished by the next apply. One coordinator and two workers on this machine.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetChangesIT {
    private static final String CLUSTER = "fleet" + Long.toHexString(System.nanoTime() & 0xfffff);
    private static final List<String> NODES = List.of("coordinator", "worker1", "worker2");
    private static final Path JAR = Path.of("target/citus-deploy.jar");
    private static TestLocalCluster local;
    private static Path dir;
    private static Path inventory;
    private static int port;
    private static Cli.Run apply;
    private static String skipReason;
    private static Instant concurrentStart = Instant.MAX;
    private static Instant concurrentEnd = Instant.MIN;

    @BeforeAll
    static void initApplyAndLoad() throws Exception {
        try {
            TestDocker.assumeReady();
        } catch (TestAbortedException e) {
            skipReason = e.getMessage();
            return;
        }
        local = TestLocalCluster.init(CLUSTER, 2);
        dir = local.dir;
        inventory = local.inventory;
        port = local.port;
        Files.writeString(inventory, Files.readString(inventory).strip()
                + "\npostgresql:\n  all:\n    shared_buffers: 64MB\n    work_mem: 4MB\n");
        apply = Cli.run("apply", inventory.toString());
        System.out.println("apply: " + apply);
        if (apply.exit() == 0) {
            try (Connection db = coordinator(); Statement sql = db.createStatement()) {
                sql.execute("CREATE TABLE items (id bigint PRIMARY KEY, name text)");
                sql.execute("SELECT create_distributed_table('items', 'id')");
                sql.execute("INSERT INTO items SELECT i, 'item ' || i FROM generate_series(1, 10000) i");
                sql.execute("CREATE TABLE countries (code text PRIMARY KEY, name text)");
                sql.execute("SELECT create_reference_table('countries')");
                sql.execute("INSERT INTO countries SELECT 'c' || i, 'country ' || i FROM generate_series(1, 200) i");
            }
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
    void aReloadOnlyChangeRestartsNothingAndEveryNodeShowsTheNewValue() throws Exception {
        Map<String, String> started = startTimes();
        setInventory("work_mem: 4MB", "work_mem: 24MB");

        Cli.Run change = Cli.run("apply", inventory.toString());
        System.out.println("reload-only change: " + change);

        assertEquals(0, change.exit(), change.toString());
        assertFalse(change.out().contains("restart the container"), change.toString());
        assertEquals(started, startTimes(), "no container restarted");
        for (String node : NODES) {
            assertEquals("24MB", show(node, "work_mem"), node);
        }
    }

    @Test
    @Order(2)
    void aRestartOnlyChangeRestartsOneNodeAtATimeCoordinatorLastWhileQueriesRun() throws Exception {
        Map<String, String> before = startTimes();
        setInventory("shared_buffers: 64MB", "shared_buffers: 80MB");
        Cli.Run plan = Cli.run("plan", inventory.toString());
        assertTrue(plan.out().contains("shared_buffers 64MB -> 80MB (needs a restart)"), plan.toString());
        assertTrue(plan.out().contains("restart the container (shared_buffers needs a restart)"), plan.toString());

        QueryLoop loop = QueryLoop.start(port, password());
        Cli.Run change;
        try {
            change = Cli.run("apply", inventory.toString());
        } finally {
            loop.stop();
        }
        System.out.println("restart-only change: " + change);
        System.out.println("queries during the rolling restart: " + loop.report());

        assertEquals(0, change.exit(), change.toString());
        Map<String, String> after = startTimes();
        for (String node : NODES) {
            assertFalse(before.get(node).equals(after.get(node)), node + " was not restarted");
            assertEquals("80MB", show(node, "shared_buffers"), node);
        }
        assertTrue(Instant.parse(after.get("worker1")).isBefore(Instant.parse(after.get("worker2"))), after.toString());
        assertTrue(Instant.parse(after.get("worker2")).isBefore(Instant.parse(after.get("coordinator"))), after.toString());
        // Reference table reads are served by the coordinator's own placement: a worker restart
        // does not fail them. While the coordinator restarts, every query fails (documented).
        Instant coordinatorDown = loop.failures.stream().filter(f -> f.kind.equals("reference")).map(f -> f.at)
                .filter(at -> !at.isBefore(Instant.parse(after.get("worker2")))).findFirst().orElse(Instant.MAX);
        long referenceFailuresDuringWorkerRestarts = loop.failures.stream()
                .filter(f -> f.kind.equals("reference") && f.at.isBefore(Instant.parse(after.get("worker2")))).count();
        assertEquals(0, referenceFailuresDuringWorkerRestarts, loop.report() + " (coordinator down from " + coordinatorDown + ")");
        assertTrue(loop.ok.get("reference") > 0 && loop.ok.get("distributed") > 0, loop.report());

        Cli.Run again = Cli.run("apply", inventory.toString());
        assertTrue(again.out().startsWith("No changes"), again.toString());
    }

    @Test
    @Order(3)
    void aValueTheServerRejectsChangesNothingAndEveryNodeStillRestarts() throws Exception {
        Map<String, String> started = startTimes();
        Map<String, String> confs = confTexts();
        setInventory("work_mem: 24MB", "work_mem: 24MB\n    timezone: Mars/Olympus_Mons");

        Cli.Run change = Cli.run("apply", inventory.toString());
        System.out.println("rejected value: " + change);

        assertEquals(5, change.exit(), change.toString());
        assertTrue(change.err().contains("rejects its new configuration: postgresql.conf:"), change.toString());
        assertTrue(change.err().contains("Mars/Olympus_Mons"), change.toString());
        assertTrue(change.err().contains("the previous configuration files are back on coordinator, worker1, worker2"),
                change.toString());
        assertEquals(started, startTimes(), "nothing restarted");
        assertEquals(confs, confTexts(), "the previous files are back");
        for (String node : NODES) {
            TestDocker.restart(CLUSTER + "-" + node);
        }
        try (Connection db = coordinator(); Statement sql = db.createStatement()) {
            assertEquals(10000, TestSql.single(sql, "SELECT count(*) FROM items"));
        }
        setInventory("work_mem: 24MB\n    timezone: Mars/Olympus_Mons", "work_mem: 24MB");
    }

    @Test
    @Order(4)
    void aWrongPasswordChangesNothingOnAnyNode() throws Exception {
        Map<String, String> confs = confTexts();
        Path secret = dir.resolve(".citus-deploy/" + CLUSTER + ".password");
        String right = Files.readString(secret);
        setInventory("work_mem: 24MB", "work_mem: 32MB");
        Files.writeString(secret, "not-the-password\n");
        Cli.Run change;
        try {
            change = Cli.run("apply", inventory.toString());
        } finally {
            Files.writeString(secret, right);
        }
        System.out.println("wrong password: " + change);

        assertEquals(5, change.exit(), change.toString());
        assertTrue(change.err().contains("password authentication failed"), change.toString());
        assertEquals(confs, confTexts(), "no file changed");
        for (String node : NODES) {
            String stored = Files.readString(remote(node).resolve("secrets/password"));
            assertEquals(right.strip(), stored.strip(), node + "'s stored password changed");
        }
        TestDocker.restart(CLUSTER + "-coordinator");
        try (Connection db = coordinator(); Statement sql = db.createStatement()) {
            assertEquals(10000, TestSql.single(sql, "SELECT count(*) FROM items"), "distributed queries still work");
        }
    }

    @Test
    @Order(5)
    void aRollingRestartKilledHalfWayIsFinishedByTheNextApply() throws Exception {
        Prerequisite.require(Files.isRegularFile(JAR), "no " + JAR + " (mvn package builds it before the integration tests)");
        setInventory("shared_buffers: 80MB", "shared_buffers: 96MB");
        Map<String, String> before = startTimes();

        List<String> seen = runAndKill("worker1        restart the container");
        System.out.println("killed after worker1's restart: " + seen);
        Map<String, String> killed = startTimes();
        assertFalse(before.get("worker1").equals(killed.get("worker1")), "worker1 restarted before the kill");
        assertEquals(before.get("coordinator"), killed.get("coordinator"), "the coordinator was not restarted yet");

        Cli.Run again = Cli.run("apply", inventory.toString());
        System.out.println("apply after the kill: " + again);

        assertEquals(0, again.exit(), again.toString());
        assertFalse(again.out().contains("worker1        restart"), "worker1 is not restarted twice: " + again);
        assertTrue(again.out().contains("coordinator    restart the container (waiting for a restart: shared_buffers)"),
                again.toString());
        for (String node : NODES) {
            assertEquals("96MB", show(node, "shared_buffers"), node);
        }
        assertEquals(killed.get("worker1"), startTimes().get("worker1"));
        try (Connection db = coordinator(); Statement sql = db.createStatement()) {
            assertEquals(10000, TestSql.single(sql, "SELECT count(*) FROM items"));
            assertEquals(200, TestSql.single(sql, "SELECT count(*) FROM countries"));
        }
        assertTrue(Cli.run("apply", inventory.toString()).out().startsWith("No changes"));
    }

    @Test
    @Order(6)
    void aSecondApplyFailsNamingTheFirstOrWaitsForIt() throws Exception {
        concurrentStart = Instant.now();
        setInventory("shared_buffers: 96MB", "shared_buffers: 72MB");
        Path second = dir.resolve("citus-second.yml");
        Files.writeString(second, Files.readString(inventory).replace("work_mem: 32MB", "work_mem: 28MB"));
        Process first = startApply();
        try {
            waitForLine(first, "update ");
            Cli.Run refused = Cli.run("apply", inventory.toString());
            System.out.println("second apply while the first runs: " + refused);
            assertEquals(5, refused.exit(), refused.toString());
            assertTrue(refused.err().contains("cluster " + CLUSTER + " is locked by "), refused.toString());
            assertTrue(refused.err().contains("pid " + first.pid() + ", citus-deploy apply, since "), refused.toString());

            Cli.Run waited = Cli.run("apply", "--lock-wait", "300", second.toString());
            System.out.println("second apply with --lock-wait: " + waited);
            assertEquals(0, waited.exit(), waited.toString());
            assertTrue(waited.out().contains("wait for the cluster lock"), waited.toString());
            assertTrue(first.waitFor(1, TimeUnit.MINUTES), "the first apply ended before the second got the lock");
            assertEquals(0, first.exitValue());
        } finally {
            first.destroyForcibly();
        }
        assertEquals("72MB", show("coordinator", "shared_buffers"));
        assertEquals("28MB", show("worker2", "work_mem"));
        setInventory("work_mem: 32MB", "work_mem: 28MB");
        concurrentEnd = Instant.now();
    }

    @Test
    @Order(7)
    void aKilledRunsLockGoesWithItAndAFrozenOneIsBrokenByUnlock() throws Exception {
        setInventory("work_mem: 28MB", "work_mem: 20MB");
        Process killed = startApply();
        waitForLine(killed, "update ");
        killed.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        Cli.Run next = Cli.run("apply", inventory.toString());
        assertEquals(0, next.exit(), "the killed run's lock went with it: " + next);

        setInventory("work_mem: 20MB", "work_mem: 16MB");
        Process frozen = new ProcessBuilder("java", "-jar", JAR.toString(), "apply", "--parallel", "1", inventory.toString())
                .redirectErrorStream(true).start();
        try {
            Thread.sleep(100);
            // Frozen before its lock is taken or after: wait until it holds it, then stop it.
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (!Files.exists(remote("coordinator").getParent().resolve(".citus-deploy.lock.holder"))) {
                assertTrue(System.nanoTime() < deadline, "the run never took the lock");
                Thread.sleep(20);
            }
            Shell.ok(List.of("kill", "-STOP", Long.toString(frozen.pid())));
            Cli.Run refused = Cli.run("apply", inventory.toString());
            assertEquals(5, refused.exit(), refused.toString());
            assertTrue(refused.err().contains("citus-deploy unlock citus.yml --force"), refused.toString());

            Cli.Run withoutForce = Cli.run("unlock", inventory.toString());
            assertEquals(2, withoutForce.exit(), withoutForce.toString());
            Cli.Run unlock = Cli.run("unlock", "--force", inventory.toString());
            System.out.println("unlock: " + unlock);
            assertEquals(0, unlock.exit(), unlock.toString());
            assertTrue(unlock.out().contains("held by ") && unlock.out().contains("pid " + frozen.pid()), unlock.toString());
        } finally {
            frozen.destroyForcibly();
            Shell.run(List.of("kill", "-CONT", Long.toString(frozen.pid())));
            frozen.waitFor(30, TimeUnit.SECONDS);
        }
        Cli.Run after = Cli.run("apply", inventory.toString());
        assertEquals(0, after.exit(), after.toString());
        assertTrue(Cli.run("apply", inventory.toString()).out().startsWith("No changes"));
    }

    @Test
    @Order(8)
    void historyShowsEveryRunThatChangedSomethingWithItsOutcome() throws Exception {
        Cli.Run history = Cli.run("history", "-o", "json", inventory.toString());
        assertEquals(0, history.exit(), history.toString());
        com.fasterxml.jackson.databind.JsonNode runs = new com.fasterxml.jackson.databind.ObjectMapper().readTree(history.out());
        List<String> outcomes = new ArrayList<>();
        int concurrent = 0;
        for (com.fasterxml.jackson.databind.JsonNode run : runs) {
            outcomes.add(run.get("outcome").asText());
            assertEquals(64, run.get("inventory_sha256").asText().length(), run.toString());
            assertTrue(run.get("operator").asText().contains("@"), run.toString());
            Instant started = Instant.parse(run.get("started").asText());
            if (started.isAfter(concurrentStart) && started.isBefore(concurrentEnd)) {
                concurrent++;
                assertEquals("succeeded", run.get("outcome").asText(), run.toString());
            }
        }
        System.out.println("history outcomes, newest first: " + outcomes);
        assertEquals(2, concurrent, "one record for each of the two concurrent applies: " + history.out());
        assertTrue(outcomes.contains("failed"), "the rejected configuration: " + outcomes);
        assertTrue(outcomes.contains("interrupted"), "the run killed during its rolling restart: " + outcomes);
        assertEquals("succeeded", outcomes.get(outcomes.size() - 1), "the first apply, recorded once the coordinator existed");
        assertFalse(history.out().contains(password()), "no secret in the history");

        String oldest = runs.get(runs.size() - 1).get("run").asText();
        Cli.Run one = Cli.run("history", inventory.toString(), oldest.substring(0, 18));
        System.out.println("history of the first run: " + one);
        assertEquals(0, one.exit(), one.toString());
        assertTrue(one.out().contains("citus-deploy apply by "), one.toString());
        assertTrue(one.out().contains("citus_add_node('" + CLUSTER + "-worker2', " + (port + 2) + ")"), one.toString());
        Cli.Run table = Cli.run("history", inventory.toString());
        assertTrue(table.out().startsWith("RUN "), table.toString());
    }

    @Test
    @Order(9)
    void rotatePasswordUnderQueriesFailsNoneAndLeavesNoWildcardOrDiskCopy() throws Exception {
        String before = password();
        QueryLoop loop = QueryLoop.start(port, before);
        Cli.Run rotate;
        try {
            Thread.sleep(500);
            rotate = Cli.run("rotate-password", "--generate", inventory.toString());
            Thread.sleep(500);
        } finally {
            loop.stop();
        }
        System.out.println("rotate-password: " + rotate);
        System.out.println("queries during rotate-password: " + loop.report());

        assertEquals(0, rotate.exit(), rotate.toString());
        assertTrue(rotate.out().contains("Rotated the password of cluster " + CLUSTER + " (3 of 3 nodes changed now)"),
                rotate.toString());
        String after = password();
        assertFalse(after.equals(before), "the inventory's password file holds the new password");
        assertFalse(rotate.out().contains(after) || rotate.err().contains(after), "the password is never printed");
        assertEquals(0, loop.failures.size(), loop.report());
        assertTrue(loop.ok.get("distributed") > 0, loop.report());
        for (String node : NODES) {
            String container = CLUSTER + "-" + node;
            String pgpass = Shell.ok(List.of("docker", "exec", container, "cat", "/run/citus-deploy/pgpass"));
            assertEquals(4, pgpass.lines().count(), pgpass.lines().map(l -> l.substring(0, l.indexOf(':'))).toList().toString());
            pgpass.lines().forEach(line -> assertFalse(line.startsWith("*"), "a wildcard host in " + container));
            assertTrue(pgpass.lines().allMatch(line -> line.endsWith(":" + after)), "every line has the new password");
            assertTrue(Shell.ok(List.of("docker", "exec", container, "sh", "-c", "grep ' /run/citus-deploy ' /proc/mounts"))
                    .startsWith("tmpfs "), container + ": the password copies are on a tmpfs");
        }
        assertTrue(Cli.run("apply", inventory.toString()).out().startsWith("No changes"));
        TestDocker.restart(CLUSTER + "-coordinator");
        TestDocker.restart(CLUSTER + "-worker1");
        try (Connection db = coordinator(); Statement sql = db.createStatement()) {
            assertEquals(10000, TestSql.single(sql, "SELECT count(*) FROM items"), "distributed queries after restarts");
            assertTrue(TestSql.single(sql, "SELECT count(*) FROM citus_check_cluster_node_health() WHERE NOT result") == 0);
        }
        assertTrue(Cli.run("rotate-password", inventory.toString()).out().startsWith("Nothing to do"));
    }

    @Test
    @Order(10)
    void anInterruptedRotationBlocksApplyUntilRotatePasswordFinishesIt() throws Exception {
        String before = password();
        Process rotate = new ProcessBuilder("java", "-jar", JAR.toString(), "rotate-password", "--generate", inventory.toString())
                .redirectErrorStream(true).start();
        try {
            waitForLine(rotate, "ALTER ROLE");
        } finally {
            rotate.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        assertEquals(before, password(), "killed before it wrote the inventory's password file");

        Cli.Run refused = Cli.run("apply", inventory.toString());
        System.out.println("apply during an unfinished rotation: " + refused);
        assertEquals(5, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("is unfinished") && refused.err().contains("rotate-password citus.yml"), refused.toString());

        Cli.Run finish = Cli.run("rotate-password", inventory.toString());
        System.out.println("rotate-password again: " + finish);
        assertEquals(0, finish.exit(), finish.toString());
        assertTrue(finish.out().contains("Finished rotating the password of cluster " + CLUSTER), finish.toString());
        assertFalse(password().equals(before));
        assertTrue(Cli.run("apply", inventory.toString()).out().startsWith("No changes"));
        try (Connection db = coordinator(); Statement sql = db.createStatement()) {
            assertEquals(10000, TestSql.single(sql, "SELECT count(*) FROM items"));
            assertEquals(0, TestSql.single(sql, "SELECT count(*) FROM citus_check_cluster_node_health() WHERE NOT result"));
        }
    }

    @Test
    @Order(11)
    void aRollingRecreateKilledHalfWayIsFinishedByTheNextApply() throws Exception {
        String alias = "citus-deploy-test:fleet-" + CLUSTER;
        Shell.ok(List.of("docker", "tag", TestDocker.IMAGE, alias));
        try {
            setInventory("image: " + TestDocker.IMAGE, "image: " + alias);
            Map<String, String> before = startTimes();
            List<String> seen = runAndKill("worker1        recreate the container");
            System.out.println("killed after worker1's recreate: " + seen.get(seen.size() - 1));
            assertEquals(before.get("coordinator"), startTimes().get("coordinator"), "the coordinator was not recreated yet");

            Cli.Run status = Cli.run("status", inventory.toString());
            assertEquals(6, status.exit(), status.toString());
            assertTrue(status.out().contains("waiting: node worker2 runs a container created from an older compose file"),
                    status.toString());
            Cli.Run plan = Cli.run("plan", inventory.toString());
            assertTrue(plan.out().contains("worker2        recreate the container (its container was created from an older compose file)"),
                    plan.toString());
            assertFalse(plan.out().contains("worker1        recreate"), plan.toString());
            Cli.Run again = Cli.run("apply", inventory.toString());
            System.out.println("apply after the kill: " + again);
            assertEquals(0, again.exit(), again.toString());
            for (String node : NODES) {
                assertEquals(alias, TestDocker.inspect(CLUSTER + "-" + node, "{{.Config.Image}}"), node);
            }
            assertTrue(Cli.run("apply", inventory.toString()).out().startsWith("No changes"));
            try (Connection db = coordinator(); Statement sql = db.createStatement()) {
                assertEquals(10000, TestSql.single(sql, "SELECT count(*) FROM items"));
            }
        } finally {
            Shell.run(List.of("docker", "rmi", alias));
        }
    }

    private static Process startApply() throws IOException {
        return new ProcessBuilder("java", "-jar", JAR.toString(), "apply", inventory.toString()).redirectErrorStream(true).start();
    }

    /** Reads the process's output (bounded: five minutes) until a line contains {@code text}. */
    private static void waitForLine(Process process, String text) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        List<String> lines = new ArrayList<>();
        String line;
        while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
            lines.add(line);
            if (line.contains(text)) {
                return;
            }
        }
        throw new AssertionError("no line with '" + text + "': " + lines);
    }

    /** Runs apply as its own process and SIGKILLs it right after a line containing {@code marker}. */
    private static List<String> runAndKill(String marker) throws Exception {
        Process process = new ProcessBuilder("java", "-jar", JAR.toString(), "apply", inventory.toString())
                .redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
                lines.add(line);
                if (line.contains(marker) && line.matches(".*\\(\\d+\\.\\d s\\)$")) {
                    break;
                }
            }
        } finally {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains(marker)), "never reached '" + marker + "': " + lines);
        return lines;
    }

    private static void setInventory(String from, String to) throws IOException {
        String text = Files.readString(inventory);
        assertTrue(text.contains(from), from + " not in " + text);
        Files.writeString(inventory, text.replace(from, to));
    }

    private static Map<String, String> startTimes() {
        Map<String, String> times = new LinkedHashMap<>();
        NODES.forEach(n -> times.put(n, TestDocker.inspect(CLUSTER + "-" + n, "{{.State.StartedAt}}")));
        return times;
    }

    private static Path remote(String node) {
        return Path.of(System.getProperty("user.home"), ".citus-deploy", CLUSTER, node);
    }

    private static Map<String, String> confTexts() throws IOException {
        Map<String, String> texts = new LinkedHashMap<>();
        for (String node : NODES) {
            texts.put(node, Files.readString(remote(node).resolve("postgresql.conf")));
        }
        return texts;
    }

    private static String show(String node, String setting) throws SQLException, IOException {
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + (port + NODES.indexOf(node)) + "/postgres",
                "postgres", password()); Statement sql = db.createStatement(); ResultSet rows = sql.executeQuery("SHOW " + setting)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static String password() throws IOException {
        return local.password();
    }

    private static Connection coordinator() throws Exception {
        return local.coordinator();
    }

    /**
     * Reads the reference table and the distributed table through the coordinator in turn, a new
     * connection after each failure, at most every 20 ms and for at most 10 minutes.
     */
    static final class QueryLoop {
        record Failure(Instant at, String kind, String message) {
        }

        final Map<String, Integer> ok = new LinkedHashMap<>(Map.of("reference", 0, "distributed", 0));
        final List<Failure> failures = new ArrayList<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private Thread thread;

        static QueryLoop start(int port, String password) {
            QueryLoop loop = new QueryLoop();
            loop.thread = new Thread(() -> loop.run(port, password), "query-loop");
            loop.thread.start();
            return loop;
        }

        private void run(int port, String password) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            Connection db = null;
            int i = 0;
            while (running.get() && System.nanoTime() < deadline) {
                String kind = i++ % 2 == 0 ? "reference" : "distributed";
                try {
                    if (db == null) {
                        java.util.Properties props = new java.util.Properties();
                        props.setProperty("user", "postgres");
                        props.setProperty("password", password);
                        props.setProperty("connectTimeout", "5");
                        props.setProperty("socketTimeout", "30");
                        db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", props);
                    }
                    try (Statement sql = db.createStatement()) {
                        TestSql.single(sql, kind.equals("reference") ? "SELECT count(*) FROM countries"
                                : "SELECT count(*) FROM items");
                    }
                    synchronized (this) {
                        ok.merge(kind, 1, Integer::sum);
                    }
                } catch (SQLException e) {
                    synchronized (this) {
                        failures.add(new Failure(Instant.now(), kind, e.getMessage()));
                    }
                    try {
                        if (db != null) {
                            db.close();
                        }
                    } catch (SQLException ignored) {
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
            } catch (SQLException ignored) {
                // closing at the end
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(TimeUnit.SECONDS.toMillis(60));
        }

        synchronized String report() {
            Map<String, Long> failed = new LinkedHashMap<>();
            failures.forEach(f -> failed.merge(f.kind, 1L, Long::sum));
            return "succeeded " + ok + ", failed " + failed
                    + (failures.isEmpty() ? "" : "; first failure: " + failures.get(0).message + " at " + failures.get(0).at);
        }
    }
}
