package dev.citusdeploy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.opentest4j.TestAbortedException;
import org.junit.jupiter.api.Test;

/**
 * What happens when SSH says no: unknown or changed host keys, a key the server does not accept, a
 * server nobody answers at, and an invalid inventory (which must not connect at all). In every case
 * one clear line per problem, and nothing changes on any server.
 */
class SshFailuresIT {
    private static TestServers servers;
    private static TestInventory cluster;

    private static String skipReason;

    @BeforeAll
    static void startServers() throws Exception {
        try {
            servers = TestServers.start(2);
            cluster = new TestInventory(servers, "sshfail", 2);
        } catch (TestAbortedException e) {
            skipReason = e.getMessage();
        }
    }

    /** Reported per test, so a missing sshd shows as skipped tests with the reason, not as no tests. */
    @BeforeEach
    void requireServers() {
        assumeTrue(skipReason == null, skipReason);
    }

    @AfterAll
    static void stopServers() {
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void unknownHostKeyIsRefusedWithoutTheFlag() throws Exception {
        Path emptyKnownHosts = Files.writeString(servers.dir.resolve("empty_known_hosts"), "");
        Path inventory = cluster.write("unknown-key.yml", "").toAbsolutePath();
        Files.writeString(inventory, Files.readString(inventory).replace(servers.knownHosts.toString(), emptyKnownHosts.toString()));

        Cli.Run run = Cli.run("apply", inventory.toString());

        assertEquals(4, run.exit(), run.toString());
        assertTrue(run.err().contains("server s1: host key of 127.0.0.2:2222 (SHA256:"), run.toString());
        assertTrue(run.err().contains("is not in " + emptyKnownHosts + "; check it, then add it (ssh-keyscan) or run again with"
                + " --accept-new-host-keys"), run.toString());
        assertEquals(2, run.err().lines().count(), "one line per server: " + run);
        assertEquals("", Files.readString(emptyKnownHosts));
        assertNothingWritten();
    }

    @Test
    void acceptNewHostKeysRecordsThemAndThenTheyAreVerified() throws Exception {
        TestDocker.assumeReady();
        Path knownHosts = Files.writeString(servers.dir.resolve("tofu_known_hosts"), "");
        Path inventory = cluster.write("tofu.yml", "").toAbsolutePath();
        Files.writeString(inventory, Files.readString(inventory).replace(servers.knownHosts.toString(), knownHosts.toString()));

        Cli.Run run = Cli.run("apply", "--dry-run", "--accept-new-host-keys", inventory.toString());

        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().startsWith("Plan for cluster sshfail (2 nodes on 2 servers):"), run.toString());
        List<String> recorded = Files.readAllLines(knownHosts);
        assertEquals(2, recorded.size(), recorded.toString());
        assertTrue(recorded.get(0).startsWith("[127.0.0.") && recorded.get(0).contains("ssh-ed25519 AAAA"), recorded.toString());
        assertEquals(0, Cli.run("apply", "--dry-run", inventory.toString()).exit(), "recorded keys are accepted later");
        assertNothingWritten();
    }

    @Test
    void changedHostKeyIsAlwaysRefused() throws Exception {
        Path otherKey = servers.dir.resolve("impostor");
        Shell.ok(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", otherKey.toString()));
        String impostor = Files.readString(servers.dir.resolve("impostor.pub")).strip();
        Path knownHosts = Files.writeString(servers.dir.resolve("changed_known_hosts"),
                "[127.0.0.2]:2222 " + impostor + "\n" + Files.readAllLines(servers.knownHosts).get(1) + "\n");
        Path inventory = cluster.write("changed-key.yml", "").toAbsolutePath();
        Files.writeString(inventory, Files.readString(inventory).replace(servers.knownHosts.toString(), knownHosts.toString()));

        Cli.Run run = Cli.run("apply", "--accept-new-host-keys", inventory.toString());

        assertEquals(4, run.exit(), run.toString());
        assertTrue(run.err().contains("server s1: host key of 127.0.0.2:2222 has CHANGED"), run.toString());
        assertEquals(1, run.err().lines().count(), run.toString());
        assertNothingWritten();
    }

    @Test
    void keyTheServerDoesNotAcceptIsNamed() throws Exception {
        Path stranger = servers.dir.resolve("stranger");
        Shell.ok(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", stranger.toString()));
        Path inventory = cluster.write("wrong-key.yml", "").toAbsolutePath();
        Files.writeString(inventory, Files.readString(inventory).replace(servers.clientKey.toString(), stranger.toString()));

        Cli.Run run = Cli.run("apply", inventory.toString());

        assertEquals(4, run.exit(), run.toString());
        assertTrue(run.err().contains("server s1: SSH login as root@127.0.0.2:2222 refused the key [" + stranger + "]"), run.toString());
        assertNothingWritten();
    }

    @Test
    void unreachableServerIsNamedAndNoOtherServerIsTouched() throws Exception {
        Path inventory = cluster.write("unreachable.yml", "").toAbsolutePath();
        Files.writeString(inventory, Files.readString(inventory).replace("address: 127.0.0.3", "address: 127.0.0.9"));

        Cli.Run run = Cli.run("apply", inventory.toString());

        assertEquals(4, run.exit(), run.toString());
        assertEquals("server s2: cannot connect to 127.0.0.9:2222: Connection refused", run.err().strip(), run.toString());
        assertNothingWritten();
    }

    /** A frozen sshd (SIGSTOP) accepts the TCP connection and then says nothing: the run must still end, naming it. */
    @Test
    void aFrozenServerEndsTheRunWithinItsDeadlineNamingIt() throws Exception {
        Path inventory = cluster.write("frozen.yml", "").toAbsolutePath();
        servers.freeze(1);
        long started = System.nanoTime();
        Cli.Run run;
        try {
            run = Cli.run("apply", inventory.toString());
        } finally {
            servers.thaw(1);
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;

        assertEquals(4, run.exit(), run.toString());
        assertTrue(run.err().startsWith("server s2: "), run.toString());
        assertTrue(seconds < 90, "the SSH read deadline is 30 s, the run took " + seconds + " s");
        assertNothingWritten();
    }

    @Test
    void invalidInventoryIsRejectedBeforeAnyConnection() throws Exception {
        try (ServerSocket trap = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Path inventory = servers.dir.resolve("invalid.yml");
            Files.writeString(inventory, String.join("\n",
                    "cluster: trap",
                    "servers:",
                    "  - name: s1",
                    "    address: 127.0.0.1",
                    "    ssh:",
                    "      port: " + trap.getLocalPort(),
                    "coordinator:",
                    "  server: s1",
                    "  prot: 5432",
                    ""));

            Cli.Run run = Cli.run("apply", inventory.toString());

            assertEquals(3, run.exit(), run.toString());
            assertEquals(inventory + ":9: coordinator.prot: unknown key (did you mean \"port\"?)", run.err().strip());
            trap.setSoTimeout(1);
            assertThrows(SocketTimeoutException.class, trap::accept, "apply connected despite the invalid inventory");
        }
    }

    private static void assertNothingWritten() throws Exception {
        assertEquals(List.of(), ApplyIT.filesUnder(cluster.remoteDir()), "files were written on a server");
        assertEquals(List.of(), TestDocker.containersOf(cluster.cluster), "containers were created");
    }
}
