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
import org.junit.jupiter.api.AfterEach;
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
