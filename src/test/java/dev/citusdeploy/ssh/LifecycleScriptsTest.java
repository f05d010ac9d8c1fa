package dev.citusdeploy.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.citusdeploy.facts.ClusterObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * down's and destroy's remote commands run by a real sh, with a stand-in {@code docker} on the
 * PATH that records what it was asked.
 */
class LifecycleScriptsTest {
    @TempDir
    Path dir;

    private StandInDocker docker;

    @BeforeEach
    void fakeDocker() throws IOException {
        docker = StandInDocker.in(dir,
                "echo \"$*\" >> \"$d/asked\"",
                "case \"$1\" in",
                "  inspect) [ -f \"$d/c-$4\" ] ;;",
                "  ps) echo 'container|shop-worker4|worker4' ;;",
                "  volume) echo 'volume|shop-worker3-data|worker3'; echo 'volume|shop-worker1-data|worker1' ;;",
                "esac");
    }

    private CommandResult run(List<String> command) {
        return docker.run(command);
    }

    private List<String> asked() throws IOException {
        return Files.readAllLines(dir.resolve("asked"));
    }

    @Test
    void theContainersThatExistAreStoppedByOneDockerStop() throws IOException {
        Files.writeString(dir.resolve("c-shop-coordinator"), "");
        Files.writeString(dir.resolve("c-shop-worker2"), "");

        CommandResult result = run(RemoteCommands.stopContainers(List.of("shop-coordinator", "shop-worker1", "shop-worker2")));

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("stop --time 120 shop-coordinator shop-worker2", asked().get(asked().size() - 1));
    }

    @Test
    void noneLeftIsNoStop() throws IOException {
        CommandResult result = run(RemoteCommands.stopContainers(List.of("shop-worker1")));

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of("inspect --type container shop-worker1"), asked());
    }

    @Test
    void theClusterObjectsAreItsLabelledContainersAndVolumesAndTheNodeFoldersInItsFolder() throws IOException {
        Path cluster = Files.createDirectories(dir.resolve("opt/shop"));
        Files.createDirectories(cluster.resolve("worker1"));
        Files.createDirectories(cluster.resolve("worker3"));
        Files.writeString(cluster.resolve(".citus-deploy.lock"), "");

        CommandResult result = run(RemoteCommands.clusterObjects("shop", cluster.toString()));

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of(
                new ClusterObject(ClusterObject.Kind.CONTAINER, "shop-worker4", "worker4"),
                new ClusterObject(ClusterObject.Kind.VOLUME, "shop-worker3-data", "worker3"),
                new ClusterObject(ClusterObject.Kind.VOLUME, "shop-worker1-data", "worker1"),
                new ClusterObject(ClusterObject.Kind.FOLDER, cluster + "/worker1", "worker1"),
                new ClusterObject(ClusterObject.Kind.FOLDER, cluster + "/worker3", "worker3")), ClusterObject.parse(result.stdout()));
        assertEquals(List.of("ps -a --filter label=dev.citusdeploy.cluster=shop --format container|{{.Names}}|{{.Label \"dev.citusdeploy.node\"}}",
                "volume ls --filter label=dev.citusdeploy.cluster=shop --format volume|{{.Name}}|{{.Label \"dev.citusdeploy.node\"}}"), asked());
    }

    @Test
    void aClusterWithoutAFolderHasNoFolders() {
        CommandResult result = run(RemoteCommands.clusterObjects("shop", dir.resolve("nowhere").toString()));

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of(), ClusterObject.parse(result.stdout()).stream().filter(o -> o.kind() == ClusterObject.Kind.FOLDER)
                .toList(), result.stdout());
    }
}
