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

    private KnownHosts(Path file, boolean acceptNew) throws IOException {
        super(file.toFile());
        this.file = file;
        this.acceptNew = acceptNew;
    }

    static KnownHosts load(Path file, boolean acceptNew) {
        try {
            if (acceptNew && !Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.createFile(file);
            }
            return new KnownHosts(file, acceptNew);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
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
