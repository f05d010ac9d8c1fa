package dev.citusdeploy.ssh;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.direct.LocalPortForwarder;
import net.schmizz.sshj.connection.channel.direct.Parameters;
import net.schmizz.sshj.connection.channel.direct.Session;

/** {@link RemoteShell} over one sshj connection; every command and tunnel is a channel on it. */
final class SshjShell implements RemoteShell {
    private final String server;
    private final SSHClient client;

    SshjShell(String server, SSHClient client) {
        this.server = server;
        this.client = client;
    }

    @Override
    public String server() {
        return server;
    }

    @Override
    public CommandResult run(List<String> argv, byte[] stdin, Duration timeout) {
        String command = ShellQuoting.join(argv);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Session session = client.startSession()) {
            Session.Command cmd = session.exec(command);
            // Both streams are drained in the background, so the deadline below holds even when the
            // command (or a frozen server) never closes its output.
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> Streams.readAll(cmd.getInputStream()));
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> Streams.readAll(cmd.getErrorStream()));
            try (OutputStream in = cmd.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            }
            try {
                byte[] stdout = out.get(remaining(deadline), TimeUnit.NANOSECONDS);
                byte[] stderr = err.get(remaining(deadline), TimeUnit.NANOSECONDS);
                cmd.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining(deadline))), TimeUnit.MILLISECONDS);
                Integer status = cmd.getExitStatus();
                return new CommandResult(status == null ? -1 : status,
                        new String(stdout, StandardCharsets.UTF_8), new String(stderr, StandardCharsets.UTF_8));
            } catch (TimeoutException | ConnectionException e) {
                if (!client.isConnected()) {
                    throw RemoteFailure.connection(server, "the SSH connection was lost while running " + argv.get(0), e);
                }
                return CommandResult.timedOut(argv, timeout);
            } catch (ExecutionException e) {
                throw RemoteFailure.connection(server, "reading the output of " + argv.get(0) + " over SSH failed: "
                        + e.getCause().getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new CommandResult(-1, "", "interrupted");
            }
        } catch (IOException e) {
            throw RemoteFailure.connection(server, "running " + argv.get(0) + " over SSH failed: " + e.getMessage(), e);
        }
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    @Override
    public boolean batches() {
        return true;
    }

    @Override
    public List<CommandResult> runAll(List<List<String>> commands, Duration timeout) {
        return CommandBatch.run(this, commands, timeout);
    }

    @Override
    public HeldCommand hold(List<String> argv, String ready, Duration timeout) {
        Session session = null;
        try {
            session = client.startSession();
            Session.Command cmd = session.exec(ShellQuoting.join(argv));
            List<String> lines = CompletableFuture.supplyAsync(() -> Streams.readUntil(cmd.getInputStream(), ready))
                    .get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            Session open = session;
            return Streams.held(lines, ready, () -> {
                try {
                    cmd.join(10, TimeUnit.SECONDS);
                } catch (ConnectionException e) {
                    return -1;
                }
                Integer status = cmd.getExitStatus();
                return status == null ? -1 : status;
            }, () -> {
                try {
                    cmd.getOutputStream().close();
                    cmd.join(10, TimeUnit.SECONDS);
                } catch (IOException e) {
                    // the command ends with the channel below
                } finally {
                    closeQuietly(open);
                }
            });
        } catch (TimeoutException e) {
            closeQuietly(session);
            throw RemoteFailure.connection(server, argv.get(0) + " did not answer within " + timeout.toSeconds() + " s", e);
        } catch (ExecutionException | IOException e) {
            closeQuietly(session);
            throw RemoteFailure.connection(server, "running " + argv.get(0) + " over SSH failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            closeQuietly(session);
            Thread.currentThread().interrupt();
            throw RemoteFailure.connection(server, "interrupted while starting " + argv.get(0), e);
        }
    }

    private static void closeQuietly(Session session) {
        if (session != null) {
            try {
                session.close();
            } catch (IOException ignored) {
                // already closed or the connection is gone
            }
        }
    }

    @Override
    public Tunnel forward(String host, int port) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Parameters parameters = new Parameters("127.0.0.1", socket.getLocalPort(), host, port);
            LocalPortForwarder forwarder = client.newLocalPortForwarder(parameters, socket);
            Thread listener = new Thread(() -> {
                try {
                    forwarder.listen();
                } catch (IOException ignored) {
                    // the socket is closed when the tunnel is closed
                }
            }, "tunnel-" + server + "-" + port);
            listener.setDaemon(true);
            listener.start();
            return new ForwardedPort(socket, forwarder);
        } catch (IOException e) {
            throw RemoteFailure.connection(server, "cannot open an SSH tunnel to " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException ignored) {
            // closing; nothing left to do with this connection
        }
    }

    private record ForwardedPort(ServerSocket socket, LocalPortForwarder forwarder) implements Tunnel {
        @Override
        public String localHost() {
            return "127.0.0.1";
        }

        @Override
        public int localPort() {
            return socket.getLocalPort();
        }

        @Override
        public void close() {
            try {
                forwarder.close();
                socket.close();
            } catch (IOException ignored) {
                // best effort: the process is done with it
            }
        }
    }
}
