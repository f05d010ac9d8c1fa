package dev.citusdeploy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CLI killed with SIGKILL at five points of a cold apply (a real process, the jar that users
 * run): the next apply converges, the workers are registered and active, and a third apply has
 * nothing to do. Single-machine clusters, so only Docker and Citus are involved.
 */
class KillDuringApplyIT {
    private static final Path JAR = Path.of("target/citus-deploy.jar").toAbsolutePath();

    private String cluster;
    private Path dir;

    @AfterEach
    void cleanUp() {
        if (cluster != null) {
            TestDocker.removeLocalCluster(cluster);
            Shell.run(List.of("rm", "-rf", dir.toString()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"create ", "start the container", "CREATE EXTENSION citus", "citus_set_coordinator_host",
            "citus_add_node"})
    void killedAtAnyPointTheNextApplyConverges(String killAfter) throws Exception {
        TestDocker.assumeReady();
        Prerequisite.require(Files.isRegularFile(JAR), "no " + JAR + " (mvn package builds it before the integration tests)");
        cluster = "kill" + Long.toHexString(System.nanoTime() & 0xfffff);
        dir = Files.createTempDirectory("citus-deploy-kill");
        int port = LocalClusterIT.freePortRange(3);
        Path inventory = dir.resolve("citus.yml");
        Cli.Run init = Cli.run("init", "--workers=2", "--no-prompt", "--port=" + port, "--cluster=" + cluster,
                "--image=" + TestDocker.IMAGE, "--output=" + inventory);
        assertEquals(0, init.exit(), init.toString());

        List<String> seen = runAndKill(inventory, killAfter);
        System.out.println("killed after '" + killAfter + "' (" + seen.size() + " lines): " + seen.get(seen.size() - 1));
        assertTrue(seen.stream().anyMatch(l -> l.contains(killAfter)), "never reached '" + killAfter + "': " + seen);

        Cli.Run again = Cli.run("apply", inventory.toString());
        System.out.println("apply after the kill: " + again);
        assertEquals(0, again.exit(), again.toString());
        Cli.Run status = Cli.run("status", inventory.toString());
        assertEquals(0, status.exit(), status.toString());
        Cli.Run third = Cli.run("apply", inventory.toString());
        assertTrue(third.out().startsWith("No changes"), third.toString());
    }

    /**
     * A run killed while the coordinator ran its statement (a client gone mid-statement: its socket
     * closed, as a SIGKILL leaves it): PostgreSQL finishes the statement, and the next apply waits
     * for it before it reads the cluster, then converges.
     */
    @Test
    void aStatementAKilledRunLeftRunningIsWaitedFor() throws Exception {
        TestDocker.assumeReady();
        cluster = "kill" + Long.toHexString(System.nanoTime() & 0xfffff);
        TestLocalCluster local = TestLocalCluster.init(cluster, 1);
        dir = local.dir;
        Cli.Run first = Cli.run("apply", local.inventory.toString());
        assertEquals(0, first.exit(), first.toString());

        java.util.Properties props = new java.util.Properties();
        props.setProperty("user", "postgres");
        props.setProperty("password", local.password());
        props.setProperty("ApplicationName", "citus-deploy");
        Connection killed = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + local.port + "/postgres", props);
        Thread sent = new Thread(() -> {
            try (Statement statement = killed.createStatement()) {
                statement.execute("SELECT pg_sleep(" + SLEEP_SECONDS + ")");
            } catch (SQLException expected) {
                // its connection is cut below
            }
        });
        sent.start();
        try (Connection db = local.coordinator()) {
            waitUntil(() -> count(db, "state = 'active' AND query LIKE 'SELECT pg_sleep%'") == 1, "the statement runs");
            killed.abort(Runnable::run); // the socket closes at once; the server does not notice until it answers
            sent.join(10_000);

            Cli.Run again = Cli.run("apply", local.inventory.toString());
            System.out.println("apply while a killed run's statement runs: " + again);
            assertEquals(0, again.exit(), again.toString());
            assertTrue(again.out().contains("wait for a statement of an earlier run to end (pid "), again.toString());
            assertTrue(again.out().contains("SELECT pg_sleep ..."), again.toString());
            assertEquals(0, count(db, "query LIKE 'SELECT pg_sleep%'"), "apply went on once it had ended");
        }
        Cli.Run third = Cli.run("apply", local.inventory.toString());
        assertTrue(third.out().startsWith("No changes"), third.toString());
    }

    private static final int SLEEP_SECONDS = 5;

    private static long count(Connection db, String where) throws SQLException {
        try (Statement statement = db.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'citus-deploy'"
                     + " AND pid <> pg_backend_pid() AND " + where)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void waitUntil(Check check, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!check.holds()) {
            assertTrue(System.nanoTime() < deadline, "not within 15 s: " + what);
            Thread.sleep(100);
        }
    }

    /** Runs apply as its own process and SIGKILLs it right after it prints a line containing {@code marker}. */
    private static List<String> runAndKill(Path inventory, String marker) throws Exception {
        Process apply = new ProcessBuilder("java", "-jar", JAR.toString(), "apply", inventory.toString())
                .redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(apply.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
                lines.add(line);
                if (line.contains(marker)) {
                    break;
                }
            }
        } finally {
            apply.destroyForcibly();
            apply.waitFor(30, TimeUnit.SECONDS);
        }
        return lines;
    }
}
