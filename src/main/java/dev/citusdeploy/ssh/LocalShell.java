package dev.citusdeploy.ssh;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@link RemoteShell} for a server whose connection is local (this machine): the same commands
 * run directly, with no SSH; "forwarding" a port is connecting to it.
 */
public final class LocalShell implements RemoteShell {

    private final String server;

    public LocalShell(String server) {
        this.server = server;
    }

    @Override
    public String server() {
        return server;
    }

    @Override
    public CommandResult run(List<String> argv, byte[] stdin, Duration timeout) {
        try {
            Process process = new ProcessBuilder(argv).start();
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> Streams.readAll(process.getInputStream()));
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> Streams.readAll(process.getErrorStream()));
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            }
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                process.destroyForcibly();
                return CommandResult.timedOut(argv, timeout);
            }
            return new CommandResult(process.exitValue(), new String(out.join(), StandardCharsets.UTF_8),
                    new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new CommandResult(127, "", argv.get(0) + ": not found (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CommandResult(-1, "", "interrupted");
        }
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
        Process process;
        try {
            process = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            return new HeldCommand(List.of(argv.get(0) + ": not found (" + e.getMessage() + ")"), false, 127, () -> { });
        }
        try {
            List<String> lines = CompletableFuture.supplyAsync(() -> Streams.readUntil(process.getInputStream(), ready))
                    .get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return Streams.held(lines, ready, () -> {
                try {
                    return process.waitFor(10, TimeUnit.SECONDS) ? process.exitValue() : -1;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return -1;
                }
            }, () -> {
                try {
                    process.getOutputStream().close();
                    if (!process.waitFor(10, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                } catch (IOException e) {
                    process.destroyForcibly();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    process.destroyForcibly();
                }
            });
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            process.destroyForcibly();
            throw RemoteFailure.connection(server, argv.get(0) + " did not answer within " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw RemoteFailure.connection(server, "interrupted while starting " + argv.get(0), e);
        }
    }

    @Override
    public Tunnel forward(String host, int port) {
        return Tunnel.direct(host, port);
    }

    @Override
    public void close() {
        // nothing to close
    }
}
