package dev.citusdeploy.inventory;

import java.nio.file.Path;

/**
 * How to log in to a server.
 *
 * @param identityFile the private key; null means the usual ~/.ssh/id_ed25519, id_ecdsa, id_rsa
 */
public record SshSettings(String user, int port, Path identityFile) {
}
