package dev.citusdeploy.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in {@code docker} for tests of citus-deploy's remote shell scripts: a real sh runs the
 * script, and this {@code docker} answers from files in its folder ({@code $d}) as the test's
 * {@code case} branches say.
 */
final class StandInDocker {
    private final Path dir;

    private StandInDocker(Path dir) {
        this.dir = dir;
    }

    /** Writes {@code dir/docker}: a shell script that sets {@code d} to its folder, then runs {@code body}. */
    static StandInDocker in(Path dir, String... body) throws IOException {
        Path docker = dir.resolve("docker");
        List<String> lines = new ArrayList<>(List.of("#!/bin/sh", "d=$(dirname \"$0\")"));
        lines.addAll(List.of(body));
        lines.add("");
        Files.writeString(docker, String.join("\n", lines));
        Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new StandInDocker(dir);
    }

    /** Runs {@code command} (argv) with this {@code docker} first on the PATH. */
    CommandResult run(List<String> command) {
        List<String> argv = new ArrayList<>(List.of("env", "PATH=" + dir + ":" + System.getenv("PATH")));
        argv.addAll(command);
        return new LocalShell("local").run(argv, null, Duration.ofSeconds(30));
    }
}
