package dev.citusdeploy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

/** A single-machine cluster's inventory written by init (a coordinator and workers on free ports), for a test class. */
final class TestLocalCluster {
    final String cluster;
    final Path dir;
    final Path inventory;
    final int port;

    private TestLocalCluster(String cluster, Path dir, int port) {
        this.cluster = cluster;
        this.dir = dir;
        this.inventory = dir.resolve("citus.yml");
        this.port = port;
    }

    /** Runs init for {@code workers} workers on consecutive free ports after the coordinator's. */
    static TestLocalCluster init(String cluster, int workers) throws IOException {
        TestLocalCluster local = new TestLocalCluster(cluster, Files.createTempDirectory("citus-deploy-" + cluster),
                LocalClusterIT.freePortRange(workers + 1));
        Cli.Run init = Cli.run("init", "--workers=" + workers, "--no-prompt", "--port=" + local.port, "--cluster=" + cluster,
                "--image=" + TestDocker.IMAGE, "--output=" + local.inventory);
        assertEquals(0, init.exit(), init.toString());
        return local;
    }

    String password() throws IOException {
        return Files.readString(dir.resolve(".citus-deploy/" + cluster + ".password")).strip();
    }

    Connection coordinator() throws SQLException, IOException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", password());
    }

    /** Containers, volumes, network, node folders, and the inventory's folder. */
    void remove() {
        TestDocker.removeLocalCluster(cluster);
        Shell.run(List.of("rm", "-rf", dir.toString()));
    }
}
