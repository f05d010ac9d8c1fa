package dev.citusdeploy.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citusdeploy.CitusDeployException;
import dev.citusdeploy.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each file of the invalid corpus has exactly one problem; its first line says which
 * ({@code # expect: LINE: MESSAGE}, PATH standing for the file's folder).
 */
class InvalidInventoryTest {
    private static final Path CORPUS = Path.of("src/test/resources/inventories/invalid");

    static Stream<Path> corpus() throws IOException {
        return Files.list(CORPUS).filter(p -> p.toString().endsWith(".yml")).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void reportsTheOneProblemWithItsLine(Path file) throws IOException {
        String expected = Files.readAllLines(file).get(0).replaceFirst("^# expect: ", "")
                .replace("PATH", file.toAbsolutePath().getParent().toString());

        CitusDeployException error = assertThrows(CitusDeployException.class, () -> new InventoryLoader().load(file));

        assertEquals(ExitCode.INVALID_INVENTORY, error.exitCode());
        assertEquals(1, error.lines().size(), () -> String.join("\n", error.lines()));
        String line = error.lines().get(0);
        String prefix = file + ":" + expected;
        assertTrue(line.startsWith(prefix), () -> "expected: " + prefix + "\n     got: " + line);
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
