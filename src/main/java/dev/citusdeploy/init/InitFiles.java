package dev.citusdeploy.init;

import dev.citusdeploy.CitusDeployException;
import dev.citusdeploy.ExitCode;
import dev.citusdeploy.inventory.InventoryLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes init's two files so that either both are in place and the inventory validates, or the
 * old ones stay as they were: the password goes to a private temporary file, the inventory text is
 * validated against it, and only then do both files move into place.
 */
final class InitFiles {
    private final Path inventory;
    private final Path passwordFile;

    InitFiles(Path inventory, Path passwordFile) {
        this.inventory = inventory;
        this.passwordFile = passwordFile;
    }

    void write(InventoryText text, String password) {
        Path folder = inventory.toAbsolutePath().getParent();
        Path secrets = passwordFile.getParent();
        Path temp = null;
        try {
            Files.createDirectories(secrets);
            Files.writeString(secrets.resolve(".gitignore"), "# Secrets written by citus-deploy init: never commit them.\n*\n");
            temp = Files.createTempFile(secrets, ".password", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temp, password + "\n", StandardCharsets.UTF_8);
            // The same inventory, pointing at the temporary password file: validated before anything moves.
            new InventoryLoader().parse(inventory, text.withPasswordFile(folder.relativize(temp).toString()).render());
            String finalText = text.withPasswordFile(folder.relativize(passwordFile.toAbsolutePath()).toString()).render();
            Path tempInventory = Files.createTempFile(folder, ".inventory", ".tmp");
            try {
                Files.writeString(tempInventory, finalText, StandardCharsets.UTF_8);
                Files.move(temp, passwordFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                Files.move(tempInventory, inventory, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tempInventory);
            }
        } catch (IOException e) {
            throw new CitusDeployException(ExitCode.INTERNAL, inventory + ": cannot write: " + e.getMessage(), e);
        } finally {
            deleteQuietly(temp);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover .tmp in the secrets folder is private (0600) and ignored by git
            }
        }
    }
}
