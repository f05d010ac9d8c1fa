package dev.citusdeploy.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citusdeploy.CitusDeployException;
import dev.citusdeploy.ExitCode;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.ImageReference;
import dev.citusdeploy.inventory.InventoryLoader;
import dev.citusdeploy.inventory.Network;
import dev.citusdeploy.inventory.Node;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitServiceTest {
    @TempDir
    Path dir;

    private InitOptions options(Integer workers, Integer port, String user, String pass, List<String> hosts, boolean force) {
        return new InitOptions(workers, port, user, pass, hosts, null, null, dir.resolve("citus.yml"), force);
    }

    /** Answers questions from a script and records them. */
    private static final class ScriptedPrompter implements Prompter {
        final Deque<String> answers;
        final List<String> asked = new ArrayList<>();

        ScriptedPrompter(String... answers) {
            this.answers = new ArrayDeque<>(List.of(answers));
        }

        @Override
        public String ask(String question, String fallback) {
            asked.add(question);
            String answer = answers.pop();
            return answer.isEmpty() ? fallback : answer;
        }

        @Override
        public String askSecret(String question) {
            asked.add(question);
            return answers.pop();
        }
    }

    @Test
    void noPromptDefaultsToTwoWorkersOnThisMachine() throws Exception {
        InitResult result = new InitService().init(options(null, null, null, null, null, false), Prompter.NEVER);

        Inventory inventory = new InventoryLoader().load(result.inventory());
        assertEquals(Network.PRIVATE, inventory.network());
        assertTrue(inventory.server("local").local());
        assertEquals(List.of(5432, 5433, 5434), inventory.nodes().stream().map(Node::port).toList());
        assertEquals("citus-worker1", inventory.clusterAddressOf(inventory.workers().get(0)));
        assertEquals("postgres", inventory.user());
        assertEquals("citusdata/citus:14.1.0", inventory.image());
        String password = Files.readString(result.passwordFile()).strip();
        assertTrue(password.matches("[A-Za-z0-9]{32}"), "a generated strong password");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(result.passwordFile())));
        assertEquals("# Secrets written by citus-deploy init: never commit them.\n*\n",
                Files.readString(dir.resolve(".citus-deploy/.gitignore")));
        assertFalse(Files.readString(result.inventory()).contains(password), "the inventory never holds the password");
    }

    @Test
    void everyOptionIsHonoured() throws Exception {
        InitOptions given = new InitOptions(3, 6000, "admin", "given-pass", List.of(), "shop", "my/citus:1",
                dir.resolve("sub/shop.yml"), false);
        InitResult result = new InitService().init(given, Prompter.NEVER);

        Inventory inventory = new InventoryLoader().load(dir.resolve("sub/shop.yml"));
        assertEquals("shop", inventory.cluster());
        assertEquals("my/citus:1", inventory.image());
        assertEquals("admin", inventory.user());
        assertEquals(List.of(6000, 6001, 6002, 6003), inventory.nodes().stream().map(Node::port).toList());
        assertEquals(dir.resolve("sub/.citus-deploy/shop.password"), result.passwordFile());
        assertEquals("given-pass\n", Files.readString(result.passwordFile()));
    }

    @Test
    void hostsMakeAMultiServerInventory() {
        InitResult result = new InitService().init(
                options(3, null, null, "pw", List.of("192.0.2.1", "192.0.2.2", "192.0.2.3"), false), Prompter.NEVER);
        Inventory inventory = new InventoryLoader().load(result.inventory());
        assertEquals(Network.HOST, inventory.network());
        assertEquals(List.of("server1", "server2", "server3", "server2"), inventory.nodes().stream().map(Node::server).toList());
        assertEquals(List.of(5432, 5432, 5432, 5433), inventory.nodes().stream().map(Node::port).toList());
        assertEquals("192.0.2.2", inventory.clusterAddressOf(inventory.workers().get(0)));
    }

    @Test
    void promptsForWhatIsMissingOnATerminal() throws Exception {
        ScriptedPrompter prompter = new ScriptedPrompter("", "4", "7000", "", "typed-secret");
        InitResult result = new InitService().init(options(null, null, null, null, null, false), prompter);

        assertEquals(5, prompter.asked.size(), prompter.asked.toString());
        Inventory inventory = new InventoryLoader().load(result.inventory());
        assertEquals(4, inventory.workers().size());
        assertEquals(7000, inventory.coordinator().port());
        assertEquals("postgres", inventory.user());
        assertEquals("typed-secret\n", Files.readString(result.passwordFile()));
    }

    @Test
    void givenValuesAreNotAskedAgain() {
        ScriptedPrompter prompter = new ScriptedPrompter();
        new InitService().init(options(1, 5432, "postgres", "pw", null, false), prompter);
        assertEquals(List.of(), prompter.asked);
    }

    @Test
    void refusesToOverwriteWithoutForce() throws Exception {
        new InitService().init(options(1, null, null, "first", null, false), Prompter.NEVER);

        CitusDeployException refused = assertThrows(CitusDeployException.class,
                () -> new InitService().init(options(2, null, null, "second", null, false), Prompter.NEVER));
        assertEquals(List.of(dir.resolve("citus.yml") + ": already exists; use --force to overwrite it"), refused.lines());
        assertEquals("first\n", Files.readString(dir.resolve(".citus-deploy/citus.password")));

        new InitService().init(options(2, null, null, "second", null, true), Prompter.NEVER);
        assertEquals("second\n", Files.readString(dir.resolve(".citus-deploy/citus.password")));
    }

    @Test
    void invalidValuesGetOneClearLineEachAndWriteNothing() {
        assertRejected(options(0, null, null, null, null, false), "--workers: must be between 1 and 64, not 0");
        assertRejected(options(1, 70000, null, null, null, false), "--port: must be between 1 and 65535, not 70000");
        assertRejected(options(3, 65534, null, null, null, false),
                "--port: the workers on this machine would need ports up to 65537, past 65535; choose a lower port");
        assertRejected(options(1, null, "Bad User", null, null, false),
                "--user: \"Bad User\" must be a plain lower-case SQL identifier");
        assertRejected(options(1, null, null, null, List.of("db1", "db1"), false), "--hosts: \"db1\" is listed twice");
        assertRejected(options(1, null, null, "   ", null, false), "--pass: the password is empty or only spaces");
        assertRejected(options(1, null, null, " pw", null, false),
                "--pass: the password starts or ends with spaces, which the password file would lose");
        assertRejected(options(1, null, null, null, List.of("", "", "", ""), false),
                "--hosts: an empty entry (a doubled or trailing comma?)");
        assertRejected(options(1, null, null, null, List.of("db1:22", "[2001:db8::1]:22"), false),
                "--hosts: \"db1:22\" includes a port: give the address alone, and the port as ssh.port in the inventory",
                "--hosts: \"[2001:db8::1]:22\" includes a port: give the address alone, and the port as ssh.port in the inventory");
        assertRejected(options(1, null, null, null, List.of("300.1.1.1"), false),
                "--hosts: \"300.1.1.1\" is not an IPv4 address (four numbers 0 to 255, without leading zeros)");
        assertRejected(new InitOptions(1, null, null, null, List.of(), null, "Citus:latest\nprivileged: true", dir.resolve("citus.yml"), false),
                "--image: " + ImageReference.problem("Citus:latest\nprivileged: true").orElseThrow());
        // 4 workers over 2 worker servers: two nodes per server, ports 65535 and 65536.
        assertRejected(options(4, 65535, null, null, List.of("a1", "a2", "a3"), false),
                "--port: the nodes on one server would need ports up to 65536, past 65535; choose a lower port");
        assertFalse(Files.exists(dir.resolve("citus.yml")));
        assertFalse(Files.exists(dir.resolve(".citus-deploy")), "nothing written, not even the secrets folder");
    }

    private void assertRejected(InitOptions options, String... lines) {
        CitusDeployException error = assertThrows(CitusDeployException.class, () -> new InitService().init(options, Prompter.NEVER));
        assertEquals(ExitCode.USAGE, error.exitCode());
        assertEquals(List.of(lines), error.lines());
    }

    @Test
    void anIpv6HostNeedsNoBrackets() {
        InitResult result = new InitService().init(options(1, null, null, "pw", List.of("2001:db8::11", "2001:db8::12"), false),
                Prompter.NEVER);
        assertEquals("2001:db8::12", new InventoryLoader().load(result.inventory()).server("server2").address());
    }
}
