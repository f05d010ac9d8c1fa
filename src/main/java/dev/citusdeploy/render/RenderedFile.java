package dev.citusdeploy.render;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A file as it will stand on a server.
 *
 * @param server the inventory name of the server
 * @param path   absolute path on that server
 * @param mode   POSIX permission bits, e.g. 0644; secrets are 0600
 * @param secret true for files whose content must never be printed or written for review
 */
public record RenderedFile(String server, String path, byte[] content, int mode, boolean secret) {

    public static RenderedFile text(String server, String path, String content, int mode) {
        return new RenderedFile(server, path, content.getBytes(StandardCharsets.UTF_8), mode, false);
    }

    public static RenderedFile secret(String server, String path, String content) {
        return new RenderedFile(server, path, content.getBytes(StandardCharsets.UTF_8), 0600, true);
    }

    /** Lower-case hex SHA-256 of the content, as sha256sum prints it. */
    public String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The content as text; only for files that are not secret. */
    public String text() {
        if (secret) {
            throw new IllegalStateException("a secret's content is never shown: " + path);
        }
        return new String(content, StandardCharsets.UTF_8);
    }

    public String fileName() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    @Override
    public String toString() {
        return "RenderedFile[" + server + ":" + path + ", " + content.length + " bytes, mode " + Integer.toOctalString(mode) + "]";
    }
}
