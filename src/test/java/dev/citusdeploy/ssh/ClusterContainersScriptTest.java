package dev.citusdeploy.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RemoteCommands#clusterContainers(String, List, List, List)} run by a real sh and awk, with a
 * stand-in {@code docker} on the PATH: what a start needs is asked only where a node's container
 * is not running with its volume.
 */
class ClusterContainersScriptTest {
    private static final List<List<String>> START = List.of(List.of("docker", "compose", "version", "--short"),
            RemoteCommands.volumesExist(List.of("c-w1-data", "c-w2-data")));

    @TempDir
    Path dir;

    private StandInDocker docker;

    @BeforeEach
    void fakeDocker() throws IOException {
        docker = StandInDocker.in(dir,
                "case \"$1\" in",
                "  ps) [ ! -f \"$d/ids\" ] || cat \"$d/ids\" ;;",
                "  container) shift 4; e=0; for n; do if [ -f \"$d/c-$n\" ]; then cat \"$d/c-$n\"; else echo \"Error: No such container: $n\" >&2; e=1; fi; done; exit $e ;;",
                "  compose) echo 2.26.1 ;;",
                "  volume) shift 3; for v; do [ -f \"$d/v-$v\" ] && echo \"$v\"; done; exit 0 ;;",
                "esac");
    }

    private void container(String name, String status, String mounts) throws IOException {
        Files.writeString(dir.resolve("c-" + name), "/" + name + "|" + name.substring(2) + "|worker|2026-11-27T02:00:00Z|" + status
                + "||0|" + mounts + "|[\"PGPORT=5432\"]\n");
    }

    private CommandResult run() {
        return docker.run(RemoteCommands.clusterContainers("c", List.of("c-w1", "c-w2"), List.of("c-w1-data", "c-w2-data"), START));
    }

    @Test
    void everyNodeRunningWithItsVolumeAsksNothingMore() throws IOException {
        container("c-w1", "running", "c-w1-data=/var/lib/postgresql;");
        container("c-w2", "running", "other=/x;c-w2-data=/var/lib/postgresql;");

        CommandResult result = run();

        assertEquals(0, result.exitCode(), result.toString());
        assertFalse(result.stdout().contains(RemoteCommands.STARTING), result.stdout());
        assertEquals(2, result.stdout().strip().lines().count());
    }

    @Test
    void aStoppedContainerAMissingOneOrOneWithoutItsVolumeAsksWhatAStartNeeds() throws IOException {
        container("c-w1", "running", "c-w1-data=/var/lib/postgresql;");
        container("c-w2", "exited", "c-w2-data=/var/lib/postgresql;");
        Files.writeString(dir.resolve("v-c-w2-data"), "");
        assertStarting(run(), 0, "c-w2-data\n");

        Files.delete(dir.resolve("c-c-w2"));
        CommandResult missing = run();
        assertEquals(1, missing.exitCode(), "docker inspect's own status: a named container does not exist");
        assertTrue(missing.stderr().contains("No such container: c-w2"), missing.stderr());
        assertStarting(missing, 1, "c-w2-data\n");

        container("c-w2", "running", "c-w2-dataX=/var/lib/postgresql;");
        assertStarting(run(), 0, "c-w2-data\n");
    }

    private static void assertStarting(CommandResult result, int exit, String volumes) {
        assertEquals(exit, result.exitCode(), result.toString());
        List<String> lines = result.stdout().lines().toList();
        int at = lines.indexOf(RemoteCommands.STARTING);
        assertTrue(at >= 0, result.stdout());
        List<CommandResult> started = CommandBatch.parse(START,
                new CommandResult(0, String.join("\n", lines.subList(at + 1, lines.size())), ""));
        assertEquals("2.26.1\n", started.get(0).stdout());
        assertEquals(volumes, started.get(1).stdout());
    }
}
