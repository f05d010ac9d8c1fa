package dev.citusdeploy.inventory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A file the inventory names on this machine (password file, SSH key): it must be there when the inventory is checked. */
final class LocalFile {
    private LocalFile() {
    }

    static Optional<String> problem(Path file) {
        if (Files.isDirectory(file)) {
            return Optional.of(file + " is a directory");
        }
        if (!Files.isRegularFile(file)) {
            return Optional.of("no such file: " + file);
        }
        return Files.isReadable(file) ? Optional.empty() : Optional.of("cannot read " + file + ": permission denied");
    }
}
