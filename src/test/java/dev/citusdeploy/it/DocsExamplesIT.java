package dev.citusdeploy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.citusdeploy.docs.DocBlock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/**
 * Runs every example in README.md and docs/ that claims to work: shell blocks with citus-deploy
 * on PATH in a scratch folder, SQL blocks page by page on a real single-machine cluster.
 * Blocks marked {@code <!-- illustrative -->} are not run.
 */
class DocsExamplesIT {
    private static final String CLUSTER = "docs" + Long.toHexString(System.nanoTime() & 0xfffff);
    private static Path dir;
    private static int port;
    private static String clusterSkip;

    @BeforeAll
    static void startCluster() throws Exception {
        dir = Files.createTempDirectory("citus-deploy-docs");
        try {
            TestDocker.assumeReady();
        } catch (TestAbortedException e) {
            clusterSkip = e.getMessage();
            return;
        }
        port = LocalClusterIT.freePortRange(3);
        Path inventory = dir.resolve("cluster.yml");
        Cli.Run init = Cli.run("init", "--workers=2", "--no-prompt", "--port=" + port, "--cluster=" + CLUSTER,
                "--image=" + TestDocker.IMAGE, "--output=" + inventory);
        assertEquals(0, init.exit(), init.toString());
        Cli.Run apply = Cli.run("apply", inventory.toString());
        assertEquals(0, apply.exit(), apply.toString());
    }

    @AfterAll
    static void cleanUp() {
        if (port > 0) {
            TestDocker.removeLocalCluster(CLUSTER);
        }
        if (dir != null) {
            Shell.run(List.of("rm", "-rf", dir.toString()));
        }
    }

    /** Each page's blocks run in order in a scratch folder of their own (a block may use what an earlier one wrote). */
    @Test
    void shellExamplesWork() throws Exception {
        List<String> failures = new ArrayList<>();
        int ran = 0;
        Map<Path, Path> scratchOf = new LinkedHashMap<>();
        for (DocBlock block : runnable(DocBlock::isShell)) {
            Path scratch = scratchOf.computeIfAbsent(block.page(), page -> scratchFolder(scratchOf.size()));
            ran++;
            ProcessBuilder bash = new ProcessBuilder("bash", "-euo", "pipefail", "-c", block.code())
                    .directory(scratch.toFile()).redirectErrorStream(true);
            bash.environment().put("PATH", scratch.resolve("bin") + ":" + System.getenv("PATH"));
            Process process = bash.start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                failures.add(block.where() + ": exit " + process.exitValue() + "\n" + block.code() + output);
            }
        }
        assertTrue(ran > 0, "no runnable shell example found");
        assertEquals(List.of(), failures);
    }

    /** A folder with the repo's inventory/ examples and bin/citus-deploy running the built jar. */
    private static Path scratchFolder(int index) {
        try {
            Path scratch = Files.createDirectories(dir.resolve("shell-" + index));
            Shell.ok(List.of("cp", "-r", Path.of("inventory").toAbsolutePath().toString(), scratch.toString()));
            Path launcher = Files.createDirectories(scratch.resolve("bin")).resolve("citus-deploy");
            Files.writeString(launcher, "#!/bin/sh\nexec java -jar '" + Path.of("target/citus-deploy.jar").toAbsolutePath() + "' \"$@\"\n");
            Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
            return scratch;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void sqlExamplesWork() throws Exception {
        assumeTrue(clusterSkip == null, clusterSkip);
        Map<Path, List<DocBlock>> byPage = new LinkedHashMap<>();
        for (DocBlock block : runnable(DocBlock::isSql)) {
            byPage.computeIfAbsent(block.page(), p -> new ArrayList<>()).add(block);
        }
        assertTrue(!byPage.isEmpty(), "no runnable SQL example found");
        String password = Files.readString(dir.resolve(".citus-deploy/" + CLUSTER + ".password")).strip();
        List<String> failures = new ArrayList<>();
        for (List<DocBlock> page : byPage.values()) {
            try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                    "postgres", password); Statement sql = db.createStatement()) {
                for (DocBlock block : page) {
                    try {
                        sql.execute(block.code());
                    } catch (SQLException e) {
                        failures.add(block.where() + ": " + e.getMessage() + "\n" + block.code());
                    }
                }
            }
        }
        assertEquals(List.of(), failures);
    }

    private static List<DocBlock> runnable(java.util.function.Predicate<DocBlock> kind) throws IOException {
        List<DocBlock> blocks = new ArrayList<>();
        for (Path page : DocBlock.pages()) {
            DocBlock.of(page).stream().filter(DocBlock::runs).filter(kind).forEach(blocks::add);
        }
        return blocks;
    }
}
