package dev.citusdeploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flags are checked before anything is written or contacted: usage errors, exit 2, one line each. */
class FlagChecksTest {
    private static final Path THREE_SERVERS = Path.of("src/test/resources/inventories/valid/three-servers.yml");

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void initTakesThePasswordFromAFileOrStandardInput() throws Exception {
        Files.writeString(dir.resolve("pw"), "from-a-file\nignored second line\n");
        Run fromFile = run("init", "--no-prompt", "--workers=1", "--pass-file", dir.resolve("pw").toString(),
                "--output", dir.resolve("a.yml").toString());
        assertEquals(0, fromFile.exit(), fromFile.toString());
        assertEquals("from-a-file\n", Files.readString(dir.resolve(".citus-deploy/citus.password")));
        assertFalse(fromFile.err().contains("warning"), fromFile.err());

        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream("from-stdin\n".getBytes(StandardCharsets.UTF_8)));
            Run fromStdin = run("init", "--no-prompt", "--workers=1", "--cluster=second", "--pass-file", "-",
                    "--output", dir.resolve("b.yml").toString());
            assertEquals(0, fromStdin.exit(), fromStdin.toString());
        } finally {
            System.setIn(stdin);
        }
        assertEquals("from-stdin\n", Files.readString(dir.resolve(".citus-deploy/second.password")));
    }

    @Test
    void initWarnsThatPassLeavesThePasswordInTheProcessList() {
        Run run = run("init", "--no-prompt", "--workers=1", "--pass", "visible-pw", "--output", dir.resolve("c.yml").toString());
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.err().startsWith("warning: --pass puts the password in the process list"), run.err());
    }

    @Test
    void badInitFlagsWriteNothing() throws Exception {
        assertUsage(run("init", "--no-prompt", "--pass-file", dir.toString(), "--output", dir.resolve("x.yml").toString()),
                "--pass-file: " + dir + " is a folder, not a file");
        assertUsage(run("init", "--no-prompt", "--pass", "a", "--pass-file", "f", "--output", dir.resolve("x.yml").toString()),
                "--pass and --pass-file: give one of them, not both");
        assertUsage(run("init", "--no-prompt", "--hosts=,,,", "--output", dir.resolve("x.yml").toString()),
                "--hosts: an empty entry (a doubled or trailing comma?)");
        Files.createDirectories(dir.resolve("folder"));
        assertUsage(run("init", "--no-prompt", "--output", dir.resolve("folder").toString()),
                "--output: " + dir.resolve("folder") + " is a folder; give the inventory's file name, e.g. "
                        + dir.resolve("folder/citus.yml"));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("folder")), files.toList(), "nothing written, no temporary file left");
        }
    }

    @Test
    void addWorkerChecksItsFlagsAndThePasswordBeforeTouchingTheInventory() throws Exception {
        Path inventory = dir.resolve("shop.yml");
        Files.copy(THREE_SERVERS, inventory);
        String before = Files.readString(inventory);

        assertUsage(run("add-worker", inventory.toString(), "--name", "Bad Name"),
                "--name: \"Bad Name\" must be lower-case letters, digits, - or _ (it names the container), at most 40 characters");
        assertUsage(run("add-worker", inventory.toString(), "--name", "worker1"), "--name: \"worker1\" is already a node of this cluster");
        assertUsage(run("add-worker", inventory.toString(), "--server", "db9"),
                "--server: no server named \"db9\" in the inventory (servers: db1, db2, db3)");
        assertUsage(run("add-worker", inventory.toString(), "--port", "70000"), "--port: must be between 1 and 65535, not 70000");
        assertUsage(run("add-worker", inventory.toString(), "--server", "db2", "--port", "5432"),
                "--port: 5432 is already used on server db2");

        // SHOP_DB_PASSWORD is not set: refused before any connection, twice, and the file stays as it was.
        for (int attempt = 0; attempt < 2; attempt++) {
            Run unset = run("add-worker", inventory.toString());
            assertEquals(3, unset.exit(), unset.toString());
            assertTrue(unset.err().contains("password.env: environment variable SHOP_DB_PASSWORD is not set"), unset.err());
        }
        assertEquals(before, Files.readString(inventory));
    }

    @Test
    void timeLimitsMustBePositive() {
        assertUsage(run("rebalance", THREE_SERVERS.toString(), "--timeout", "0"), "--timeout: must be 1 or more, not 0");
        assertUsage(run("apply", THREE_SERVERS.toString(), "--timeout", "-5"), "--timeout: must be 1 or more, not -5");
        assertUsage(run("add-worker", THREE_SERVERS.toString(), "--rebalance-timeout", "0"),
                "--rebalance-timeout: must be 1 or more, not 0");
    }

    @Test
    void registerChecksHostAndPortBeforeConnecting() {
        assertUsage(run("register", THREE_SERVERS.toString(), "--host", "10.0.0.14", "--port", "70000"),
                "--port: must be between 1 and 65535, not 70000");
        assertUsage(run("register", THREE_SERVERS.toString(), "--host", "", "--port", "5432"),
                "--host: empty; give the address the coordinator reaches the worker by");
        assertUsage(run("register", THREE_SERVERS.toString(), "--host", "10.0.0.14:5432", "--port", "5432"),
                "--host: \"10.0.0.14:5432\" includes a port: give the address alone, and the port as --port");
    }

    private static void assertUsage(Run run, String firstLine) {
        assertEquals(2, run.exit(), run.toString());
        assertEquals(firstLine, run.err().lines().findFirst().orElse(""), run.err());
    }
}
