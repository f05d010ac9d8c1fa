package dev.citusdeploy.ssh;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

/**
 * Host keys are verified against an OpenSSH known_hosts file. An unknown key is refused unless the
 * operator explicitly accepts new keys (then it is recorded); a changed key is always refused.
 * Remembers why it refused, so the error can say so.
 */
final class KnownHosts extends OpenSSHKnownHosts {
    private static final Object FILE_LOCK = new Object();

    enum Refusal { NONE, UNKNOWN, CHANGED }

    private final Path file;
    private final boolean acceptNew;
    private volatile Refusal refusal = Refusal.NONE;
    private volatile String fingerprint = "";

    private KnownHosts(Path file, boolean acceptNew, String lines) throws IOException {
        super(new java.io.StringReader(lines));
        this.file = file;
        this.acceptNew = acceptNew;
    }

    /** The file's entries that may concern {@code host}:{@code port} (see {@link #mayConcern}). */
    static KnownHosts load(Path file, boolean acceptNew, String host, int port) {
        try {
            if (acceptNew && !Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.createFile(file);
            }
            String name = port == 22 ? host : "[" + host + "]:" + port;
            StringBuilder lines = new StringBuilder();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (mayConcern(line, name)) {
                    lines.append(line).append('\n');
                }
            }
            return new KnownHosts(file, acceptNew, lines.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether a known_hosts line may concern the host {@code name} (as OpenSSH writes it:
     * {@code host}, or {@code [host]:port} for another port than 22). Lines for other hosts are
     * left out before sshj reads the file, which decodes every key it holds (an elliptic-curve
     * point each: a long known_hosts file would cost more than the connection). Kept: markers
     * ({@code @revoked}, {@code @cert-authority}), patterns with wildcards or negations, a hashed
     * name that hashes to this one, a plain list that names it.
     */
    static boolean mayConcern(String line, String name) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
            return false;
        }
        if (trimmed.startsWith("@")) {
            return true;
        }
        String hosts = trimmed.split("\\s+", 2)[0];
        if (hosts.startsWith("|1|")) {
            return hashedNameIs(hosts, name);
        }
        for (String pattern : hosts.split(",")) {
            if (pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0 || pattern.startsWith("!")
                    || pattern.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** {@code |1|salt|hash}: HMAC-SHA1 of the name keyed by the salt, as OpenSSH's HashKnownHosts writes it. */
    private static boolean hashedNameIs(String hashed, String name) {
        String[] parts = hashed.split("\\|");
        if (parts.length != 4) {
            return true; // not a form we know: sshj decides
        }
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
            mac.init(new javax.crypto.spec.SecretKeySpec(Base64.getDecoder().decode(parts[2]), "HmacSHA1"));
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            return MessageDigest.isEqual(expected, mac.doFinal(name.getBytes(StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException | java.security.GeneralSecurityException e) {
            return true; // sshj decides
        }
    }

    Refusal refusal() {
        return refusal;
    }

    String fingerprint() {
        return fingerprint;
    }

    Path file() {
        return file;
    }

    @Override
    public File getFile() {
        return file.toFile();
    }

    @Override
    protected boolean hostKeyUnverifiableAction(String hostname, PublicKey key) {
        fingerprint = sha256Fingerprint(key);
        if (!acceptNew) {
            refusal = Refusal.UNKNOWN;
            return false;
        }
        record(hostname, key);
        return true;
    }

    @Override
    protected boolean hostKeyChangedAction(String hostname, PublicKey key) {
        fingerprint = sha256Fingerprint(key);
        refusal = Refusal.CHANGED;
        return false;
    }

    /** As OpenSSH prints it: {@code SHA256:} and the unpadded base64 of the key blob's digest. */
    static String sha256Fingerprint(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob(key));
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static byte[] blob(PublicKey key) {
        return new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
    }

    private void record(String hostname, PublicKey key) {
        String blob = Base64.getEncoder().encodeToString(blob(key));
        String line = hostname + " " + KeyType.fromKey(key) + " " + blob + "\n";
        synchronized (FILE_LOCK) {
            try {
                Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot record the host key in " + file, e);
            }
        }
    }
}
