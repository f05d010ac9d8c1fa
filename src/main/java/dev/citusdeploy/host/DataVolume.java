package dev.citusdeploy.host;

import dev.citusdeploy.render.DataLayout;
import dev.citusdeploy.ssh.CommandResult;
import dev.citusdeploy.ssh.RemoteCommands;
import dev.citusdeploy.ssh.RemoteFailure;
import dev.citusdeploy.ssh.RemoteShell;
import java.util.Optional;

/**
 * What a node's named volume holds, read without starting PostgreSQL: the data directory's layout
 * and the PostgreSQL major that wrote it.
 */
public record DataVolume(DataLayout layout, int pgMajor) {

    public static boolean exists(RemoteShell shell, String volume) {
        return existsAmong(shell.server(), volume, shell.run(RemoteCommands.volumesExist(java.util.List.of(volume))));
    }

    /** Whether {@code volume} exists, from the result of {@link RemoteCommands#volumesExist} (one name per line). */
    public static boolean existsAmong(String server, String volume, CommandResult result) {
        if (!result.ok()) {
            throw RemoteFailure.of(server, "docker volume inspect " + volume, result);
        }
        return result.stdout().lines().map(String::strip).anyMatch(volume::equals);
    }

    /**
     * Reads an existing volume through a throw-away container of {@code image}. Empty for a volume
     * without a data directory. Where several majors' data directories sit side by side (after an
     * upgrade), the one of {@code preferredMajor} wins, else the newest.
     */
    public static Optional<DataVolume> read(RemoteShell shell, String volume, String image, int preferredMajor) {
        CommandResult result = shell.run(RemoteCommands.readVolume(volume, image));
        if (!result.ok()) {
            throw RemoteFailure.of(shell.server(), "reading volume " + volume, result);
        }
        DataVolume best = null;
        for (String line : result.stdout().split("\n")) {
            String[] parts = line.strip().split(" ");
            if (parts.length != 2 || !parts[1].matches("\\d+")) {
                continue;
            }
            Optional<DataLayout> layout = DataLayout.fromVersionFile(parts[0]);
            if (layout.isPresent()) {
                DataVolume found = new DataVolume(layout.get(), Integer.parseInt(parts[1]));
                if (best == null || found.pgMajor == preferredMajor
                        || best.pgMajor != preferredMajor && found.pgMajor > best.pgMajor) {
                    best = found;
                }
            }
        }
        return Optional.ofNullable(best);
    }
}
