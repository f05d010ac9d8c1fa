package dev.citusdeploy.it;


import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Real OpenSSH servers on loopback addresses (127.0.0.2, 127.0.0.3, ...): each is one "server" of a
 * test inventory. Host keys are generated per run and pinned in a known_hosts file; the client key
 * is authorised for root. Everything lives in one temp folder and is stopped by {@link #close()}.
 */
final class TestServers implements AutoCloseable {
    static final int SSH_PORT = 2222;
    private static final Path SSHD = Path.of("/usr/sbin/sshd");

    final Path dir;
    final Path clientKey;
    final Path knownHosts;
    final List<String> addresses = new ArrayList<>();
    private final List<Process> daemons = new ArrayList<>();

    private TestServers(Path dir) {
        this.dir = dir;
        this.clientKey = dir.resolve("id_ed25519");
        this.knownHosts = dir.resolve("known_hosts");
    }

    /** Starts {@code count} sshd instances; skips the test (saying why) where sshd or root is missing. */
    static TestServers start(int count) throws IOException {
        Prerequisite.require(Files.isExecutable(SSHD), "OpenSSH server not installed (run test-env/setup.sh)");
        Prerequisite.require("root".equals(System.getProperty("user.name")), "the SSH test servers log in as root; run the tests as root");
        TestServers servers = new TestServers(Files.createTempDirectory("citus-deploy-ssh"));
        try {
            servers.init(count);
        } catch (IOException | RuntimeException e) {
            servers.close();
            throw e;
        }
        return servers;
    }

    private void init(int count) throws IOException {
        Files.createDirectories(Path.of("/run/sshd"));
        Shell.ok(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", clientKey.toString()));
        Files.copy(dir.resolve("id_ed25519.pub"), dir.resolve("authorized_keys"));
        StringBuilder known = new StringBuilder();
        for (int i = 0; i < count; i++) {
            String address = "127.0.0." + (i + 2);
            Path hostKey = dir.resolve("host_" + i);
            Shell.ok(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", hostKey.toString()));
            known.append("[").append(address).append("]:").append(SSH_PORT).append(' ')
                    .append(Files.readString(dir.resolve("host_" + i + ".pub")).strip()).append('\n');
            Path config = dir.resolve("sshd_" + i + ".conf");
            Files.writeString(config, String.join("\n",
                    "ListenAddress " + address + ":" + SSH_PORT,
                    "HostKey " + hostKey,
                    "PidFile " + dir.resolve("sshd_" + i + ".pid"),
                    "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                    "PermitRootLogin prohibit-password",
                    "PasswordAuthentication no",
                    "KbdInteractiveAuthentication no",
                    "StrictModes no",
                    "UsePAM no",
                    "MaxSessions 100",
                    "MaxStartups 100",
                    "LogLevel ERROR",
                    ""));
            daemons.add(new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("sshd_" + i + ".log").toFile())
                    .start());
            addresses.add(address);
        }
        Files.writeString(knownHosts, known.toString());
        for (String address : addresses) {
            awaitListening(address);
        }
    }

    /** Polls until sshd accepts connections (bounded: 10 s). */
    private void awaitListening(String address) throws IOException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address, SSH_PORT), 500);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("sshd on " + address + " did not start: " + Files.readString(dir.resolve("sshd_0.log")), e);
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", interrupted);
                }
            }
        }
    }

    /** SIGSTOP the i-th sshd (0-based): it accepts TCP connections through the kernel but never answers. */
    void freeze(int i) {
        Shell.ok(List.of("kill", "-STOP", Long.toString(daemons.get(i).pid())));
    }

    void thaw(int i) {
        Shell.ok(List.of("kill", "-CONT", Long.toString(daemons.get(i).pid())));
    }

    /** Stops the i-th sshd for good: its address refuses connections. */
    void stop(int i) {
        daemons.get(i).destroy();
        try {
            daemons.get(i).waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        daemons.forEach(Process::destroy);
        for (Process daemon : daemons) {
            try {
                daemon.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
