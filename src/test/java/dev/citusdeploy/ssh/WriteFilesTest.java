package dev.citusdeploy.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several files written by one command from one stream, run by a real sh. */
class WriteFilesTest {
    @TempDir
    Path dir;

    @Test
    void everyFileGetsExactlyItsBytesAndModeAndNothingIsLeftBehind() throws Exception {
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        List<byte[]> contents = List.of("a: 1\nno newline at the end".getBytes(StandardCharsets.UTF_8), new byte[0], binary,
                "s3cret\n".getBytes(StandardCharsets.UTF_8));
        Path node = dir.resolve("cluster/node");
        List<String> paths = List.of(node.resolve("compose.yaml").toString(), node.resolve("empty.conf").toString(),
                node.resolve("bin/blob").toString(), node.resolve("secrets/password").toString());
        List<Integer> modes = List.of(0644, 0644, 0755, 0600);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        contents.forEach(stream::writeBytes);
        CommandResult result = new LocalShell("local").run(RemoteCommands.writeFiles(paths, modes,
                contents.stream().map(c -> c.length).toList()), stream.toByteArray());
        assertTrue(result.ok(), result.toString());
        for (int i = 0; i < paths.size(); i++) {
            assertArrayEquals(contents.get(i), Files.readAllBytes(Path.of(paths.get(i))), paths.get(i));
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(paths.get(3)))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(node.resolve("secrets"))));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(paths.get(2)))));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(node)));
        try (var left = Files.list(node)) {
            assertEquals(List.of("bin", "compose.yaml", "empty.conf", "secrets"),
                    left.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary file or folder left");
        }
    }

    @Test
    void aShortStreamFailsAndLeavesTheOldFileAsItWas() throws Exception {
        Path file = dir.resolve("node/postgresql.conf");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "old\n");
        CommandResult result = new LocalShell("local").run(RemoteCommands.writeFiles(List.of(file.toString()),
                List.of(0644), List.of(100)), "too short".getBytes(StandardCharsets.UTF_8));
        assertEquals(1, result.exitCode(), result.toString());
        assertTrue(result.stderr().contains("short write"), result.stderr());
        assertEquals("old\n", Files.readString(file));
    }
}
