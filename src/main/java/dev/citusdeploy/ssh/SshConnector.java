package dev.citusdeploy.ssh;

import dev.citusdeploy.inventory.Server;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.schmizz.keepalive.KeepAlive;
import net.schmizz.keepalive.KeepAliveRunner;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;

/** Opens one verified, key-authenticated SSH connection per server. */
public final class SshConnector {
    private static final int CONNECT_TIMEOUT_MS = 10_000;
    /** No byte from the server for this long (keep-alive replies included) ends the connection. */
    private static final int READ_TIMEOUT_MS = 30_000;
    /** A keep-alive every 5 s; 4 unanswered in a row end the connection (a frozen or cut-off server). */
    private static final int KEEP_ALIVE_SECONDS = 5;
    private static final int KEEP_ALIVE_MISSES = 4;
    private static final DefaultConfig CONFIG = ModernSshConfig.create();

    private final Path knownHostsFile;
    private final boolean acceptNewHostKeys;

    public SshConnector(Path knownHostsFile, boolean acceptNewHostKeys) {
        this.knownHostsFile = knownHostsFile;
        this.acceptNewHostKeys = acceptNewHostKeys;
    }

    public RemoteShell connect(Server server) {
        String where = server.address() + ":" + server.ssh().port();
        KnownHosts knownHosts;
        try {
            knownHosts = KnownHosts.load(knownHostsFile, acceptNewHostKeys, server.address(), server.ssh().port());
        } catch (UncheckedIOException e) {
            throw RemoteFailure.connection(server.name(), e.getMessage(), e);
        }
        SSHClient client = new SSHClient(CONFIG);
        client.addHostKeyVerifier(knownHosts);
        client.setConnectTimeout(CONNECT_TIMEOUT_MS);
        client.setTimeout(READ_TIMEOUT_MS);
        try {
            client.connect(server.address(), server.ssh().port());
        } catch (TransportException e) {
            closeQuietly(client);
            throw RemoteFailure.connection(server.name(), hostKeyMessage(knownHosts, where, e), e);
        } catch (ConnectException | NoRouteToHostException | SocketTimeoutException | UnknownHostException e) {
            closeQuietly(client);
            throw RemoteFailure.connection(server.name(), "cannot connect to " + where + ": " + describe(e), e);
        } catch (IOException e) {
            closeQuietly(client);
            throw RemoteFailure.connection(server.name(), "cannot connect to " + where + ": " + describe(e), e);
        }
        authenticate(client, server, where);
        KeepAlive keepAlive = client.getConnection().getKeepAlive();
        keepAlive.setKeepAliveInterval(KEEP_ALIVE_SECONDS);
        if (keepAlive instanceof KeepAliveRunner runner) {
            runner.setMaxAliveCount(KEEP_ALIVE_MISSES);
        }
        return new SshjShell(server.name(), client);
    }

    private static void authenticate(SSHClient client, Server server, String where) {
        List<Path> keys = keyFiles(server);
        if (keys.isEmpty()) {
            closeQuietly(client);
            throw RemoteFailure.connection(server.name(),
                    "no SSH key to log in with: set ssh.identity_file (none of ~/.ssh/id_ed25519, id_ecdsa, id_rsa exists)", null);
        }
        try {
            List<KeyProvider> providers = new ArrayList<>();
            for (Path key : keys) {
                providers.add(client.loadKeys(key.toString()));
            }
            client.authPublickey(server.ssh().user(), providers);
        } catch (UserAuthException e) {
            closeQuietly(client);
            throw RemoteFailure.connection(server.name(), "SSH login as " + server.ssh().user() + "@" + where
                    + " refused the key " + keys.stream().map(Path::toString).toList()
                    + " (is it in the user's authorized_keys?)", e);
        } catch (IOException e) {
            closeQuietly(client);
            throw RemoteFailure.connection(server.name(), "SSH login to " + where + " failed: " + describe(e), e);
        }
    }

    private static List<Path> keyFiles(Server server) {
        if (server.ssh().identityFile() != null) {
            return List.of(server.ssh().identityFile());
        }
        Path ssh = Path.of(System.getProperty("user.home"), ".ssh");
        return List.of(ssh.resolve("id_ed25519"), ssh.resolve("id_ecdsa"), ssh.resolve("id_rsa")).stream()
                .filter(Files::isReadable)
                .toList();
    }

    private static String hostKeyMessage(KnownHosts knownHosts, String where, TransportException e) {
        return switch (knownHosts.refusal()) {
            case UNKNOWN -> "host key of " + where + " (" + knownHosts.fingerprint() + ") is not in " + knownHosts.file()
                    + "; check it, then add it (ssh-keyscan) or run again with --accept-new-host-keys";
            case CHANGED -> "host key of " + where + " has CHANGED (now " + knownHosts.fingerprint() + ") from the one in "
                    + knownHosts.file() + "; refusing to connect (possible man-in-the-middle; if the server was"
                    + " reinstalled, remove its old line with ssh-keygen -R)";
            case NONE -> "SSH handshake with " + where + " failed: " + describe(e);
        };
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        if (e instanceof UnknownHostException) {
            return "unknown host " + message;
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }

    private static void closeQuietly(SSHClient client) {
        try {
            client.close();
        } catch (IOException ignored) {
            // already failing; the original error is the one to report
        }
    }
}
