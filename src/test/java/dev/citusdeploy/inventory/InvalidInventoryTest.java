package dev.citusdeploy.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citusdeploy.CitusDeployException;
import dev.citusdeploy.ExitCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each file of the invalid corpus has exactly one problem; its first line says which
 * ({@code # expect: LINE: MESSAGE}, $DIR standing for the file's folder).
 */
class InvalidInventoryTest {
    private static final Path CORPUS = Path.of("src/test/resources/inventories/invalid");

    static Stream<Path> corpus() throws IOException {
        return Files.list(CORPUS).filter(p -> p.toString().endsWith(".yml")).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void reportsTheOneProblemWithItsLine(Path file) throws IOException {
        String expected = firstLine(file).replaceFirst("^# expect: ", "")
                .replace("$DIR", file.toAbsolutePath().getParent().toString());

        CitusDeployException error = assertThrows(CitusDeployException.class, () -> new InventoryLoader().load(file));

        assertEquals(ExitCode.INVALID_INVENTORY, error.exitCode());
        assertEquals(1, error.lines().size(), () -> String.join("\n", error.lines()));
        String line = error.lines().get(0);
        String prefix = file + ":" + expected;
        assertTrue(line.startsWith(prefix), () -> "expected: " + prefix + "\n     got: " + line);
    }

    /** The expectation line is ASCII in whatever encoding the file is (some are deliberately not UTF-8). */
    private static String firstLine(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        boolean utf16 = bytes.length > 1 && ((bytes[0] & 0xff) == 0xFF || (bytes[0] & 0xff) == 0xFE);
        String text = new String(bytes, utf16 ? StandardCharsets.UTF_16 : StandardCharsets.ISO_8859_1);
        return text.lines().findFirst().orElseThrow();
    }

    @Test
    void aMissingFileSaysSo(@TempDir Path dir) {
        Path file = dir.resolve("inventory.yml");
        assertEquals(List.of(file + ": no such file"), errorLines(file));
    }

    @Test
    void aDirectorySaysSo(@TempDir Path dir) {
        assertEquals(List.of(dir + ": is a directory, not an inventory file"), errorLines(dir));
    }

    @Test
    void aPasswordWrittenAsTheVariableNameIsNotPrinted() {
        Path file = CORPUS.resolve("password-env-not-a-name.yml");
        List<String> lines = errorLines(file);
        assertEquals(1, lines.size());
        assertFalse(lines.get(0).contains("Tr0ub4dor"), lines.get(0));
    }

    @Test
    void valuesWithLineBreaksStayOnTheirErrorLine() {
        String yaml = String.join("\n", "cluster: \"a\\nb\"", "network: \"x\\u2028y\"",
                "servers:", "  - name: db1", "    address: 192.0.2.1", "coordinator:", "  server: db1", "");
        CitusDeployException error = assertThrows(CitusDeployException.class,
                () -> new InventoryLoader().parse(Path.of("inv.yml"), yaml));
        assertEquals(List.of(
                "inv.yml:1: cluster: \"a\\nb\" must be lower-case letters, digits, - or _ (it names containers and volumes), at most 40 characters",
                "inv.yml:2: network: must be host or private, not \"x\\u2028y\""), error.lines());
    }

    /** This one used to end in a NullPointerException (exit status 1): a nameless server among the names listed. */
    @Test
    void aServerWithoutANameIsAProblemNotACrash() {
        String yaml = String.join("\n", "cluster: demo", "servers:", "  - address: 192.0.2.1", "  - name: db2",
                "    address: 192.0.2.2", "coordinator:", "  server: db1", "");
        CitusDeployException error = assertThrows(CitusDeployException.class,
                () -> new InventoryLoader().parse(Path.of("inv.yml"), yaml));
        assertEquals(ExitCode.INVALID_INVENTORY, error.exitCode());
        assertEquals(List.of(
                "inv.yml:3: servers[0].name: is required",
                "inv.yml:7: coordinator.server: no server named \"db1\" (servers: db2)"), error.lines());
    }

    private static List<String> errorLines(Path file) {
        CitusDeployException error = assertThrows(CitusDeployException.class, () -> new InventoryLoader().load(file));
        assertEquals(ExitCode.INVALID_INVENTORY, error.exitCode());
        return error.lines();
    }

    @Test
    void reportsEveryProblemAtOnceInLineOrder() {
        String yaml = String.join("\n",
                "cluster: demo",
                "servers:",
                "  - name: db1",
                "    address: 192.0.2.1",
                "    colour: blue",
                "coordinator:",
                "  server: db2",
                "workers:",
                "  - server: db1",
                "    port: 0",
                "");
        CitusDeployException error = assertThrows(CitusDeployException.class,
                () -> new InventoryLoader().parse(Path.of("inv.yml"), yaml));
        assertEquals(List.of(
                "inv.yml:5: servers[0].colour: unknown key (known keys: name, connection, address, cluster_address, ssh, dir)",
                "inv.yml:7: coordinator.server: no server named \"db2\" (servers: db1)",
                "inv.yml:10: workers[0].port: must be between 1 and 65535, not 0"), error.lines());
    }
}
