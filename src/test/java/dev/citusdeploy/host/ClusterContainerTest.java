package dev.citusdeploy.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citusdeploy.CitusDeployException;
import dev.citusdeploy.ssh.CommandResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterContainerTest {
    private static final String NODE = "/shop-worker1|worker1|worker|2026-11-27T02:16:13.123456789Z|running|healthy|0|"
            + "shop-worker1-data=/var/lib/postgresql;|[\"PGDATA=/var/lib/postgresql/18/docker\",\"PGPORT=5433\",\"X=a|b\"]";
    private static final String OTHER = "/shop-worker2|worker2|worker|2026-11-27T01:00:00Z|exited||3||null";

    @Test
    void eachContainerOnceWithItsLabelsCreationTimeAndState() {
        Map<String, ClusterContainer> found = ClusterContainer.parse("db2",
                new CommandResult(0, NODE + "\n" + OTHER + "\n" + NODE + "\n", ""));

        assertEquals(2, found.size(), "a container named and labelled is listed once");
        ClusterContainer node = found.get("shop-worker1");
        assertEquals("worker1", node.node());
        assertEquals(java.time.Instant.parse("2026-11-27T02:16:13Z").getEpochSecond(), node.created());
        assertTrue(node.state().healthy());
        assertEquals(5433, node.state().port());
        assertEquals("/var/lib/postgresql/18/docker", node.state().pgdata());
        assertEquals("exited", found.get("shop-worker2").state().status());
        assertEquals(3, found.get("shop-worker2").state().restartCount());
    }

    @Test
    void aNamedContainerThatDoesNotExistIsAbsentNotAFailure() {
        Map<String, ClusterContainer> found = ClusterContainer.parse("db2",
                new CommandResult(1, OTHER + "\n", "Error: No such container: shop-worker1\n"));

        assertFalse(ClusterContainer.stateOf(found, "shop-worker1").exists());
        assertTrue(ClusterContainer.stateOf(found, "shop-worker2").exists());
    }

    @Test
    void dockerFailingIsReportedWithTheServer() {
        CitusDeployException error = assertThrows(CitusDeployException.class, () -> ClusterContainer.parse("db2",
                new CommandResult(1, "", "Cannot connect to the Docker daemon at unix:///var/run/docker.sock.\n")));

        assertTrue(error.lines().get(0).startsWith("server db2: docker inspect of the cluster's containers"), error.lines().get(0));
    }
}
