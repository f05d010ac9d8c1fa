package dev.citusdeploy.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.InventoryLoader;
import dev.citusdeploy.ssh.CommandResult;
import dev.citusdeploy.ssh.HeldCommand;
import dev.citusdeploy.ssh.RemoteShell;
import dev.citusdeploy.ssh.Tunnel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When facts read while the lock was being taken may be used: {@link ClusterLock#quietSince}. */
class ClusterLockTest {
    private final Inventory inventory = new InventoryLoader().load(Path.of("src/test/resources/inventories/valid/three-servers.yml"));

    @Test
    void quietWhenTheRunBeforeReleasedTheLockBeforeThisRunBeganToRead() {
        long since = System.nanoTime();
        try (ClusterLock lock = take("released 1700000000.250000000 1700000100.000000000 0")) {
            assertTrue(lock.quietSince(since));
        }
        try (ClusterLock lock = take("released 0 1700000100.000000000 0")) {
            assertTrue(lock.quietSince(since), "never held before");
        }
    }

    @Test
    void notQuietWhenAnotherRunMayHaveChangedTheClusterMeanwhile() {
        long since = System.nanoTime() - Duration.ofSeconds(2).toNanos(); // this run began to read 2 s ago
        try (ClusterLock lock = take("released 1700000099.000000000 1700000100.000000000 0")) {
            assertFalse(lock.quietSince(since), "released 1 s ago, after this run began to read");
        }
        try (ClusterLock lock = take("released 1700000000.000000000 1700000100.000000000 1")) {
            assertFalse(lock.quietSince(since), "its holder's record was left behind: it ended without releasing");
        }
        try (ClusterLock lock = take("released 1700000000 1700000100.%N 0")) {
            assertFalse(lock.quietSince(since), "a server whose date has no sub-second times");
        }
        try (ClusterLock lock = take()) {
            assertFalse(lock.quietSince(since), "no release record at all");
        }
    }

    @Test
    void commandsGivenToTheLockRunOnceItIsHeld() {
        Shell shell = new Shell(List.of("released 0 1700000100.000000000 0"));
        try (ClusterLock lock = ClusterLock.acquire(inventory, shell, "apply", Duration.ZERO, e -> { },
                List.of(List.of("echo", "a"), List.of("echo", "b")))) {
            assertEquals(List.of("hold", "echo a", "echo b"), shell.log);
            assertEquals("a", lock.results().get(0).stdout());
        }
    }

    private ClusterLock take(String... lines) {
        return ClusterLock.acquire(inventory, new Shell(List.of(lines)), "apply", Duration.ZERO, e -> { });
    }

    /** A server whose lock is free, and that prints {@code lines} when it is taken. */
    private static final class Shell implements RemoteShell {
        final List<String> lines;
        final List<String> log = new ArrayList<>();

        Shell(List<String> lines) {
            this.lines = lines;
        }

        @Override
        public String server() {
            return "db1";
        }

        @Override
        public CommandResult run(List<String> argv, byte[] stdin, Duration timeout) {
            log.add(String.join(" ", argv));
            return new CommandResult(0, argv.get(argv.size() - 1), "");
        }

        @Override
        public HeldCommand hold(List<String> argv, String ready, Duration timeout) {
            log.add("hold");
            return new HeldCommand(lines, true, -1, () -> { });
        }

        @Override
        public Tunnel forward(String host, int port) {
            return Tunnel.direct(host, port);
        }

        @Override
        public void close() {
        }
    }
}
