package dev.citusdeploy.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.citusdeploy.CitusDeployException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryEditorTest {
    private static final String BASE = String.join("\n",
            "cluster: demo   # my cluster",
            "servers:",
            "  - name: db1",
            "    address: 192.0.2.1",
            "coordinator:",
            "  server: db1",
            "");

    @Test
    void appendsAfterTheLastWorkerKeepingComments() {
        String text = BASE + String.join("\n",
                "workers:",
                "    - server: db1",
                "      port: 5433",
                "      # a comment inside",
                "postgresql:",
                "  all: {}",
                "");
        String edited = InventoryEditor.withWorker(text, new InventoryEditor.NewWorker("db1", 5434, null));
        assertEquals(BASE + String.join("\n",
                "workers:",
                "    - server: db1",
                "      port: 5433",
                "      # a comment inside",
                "    - server: db1",
                "      port: 5434",
                "postgresql:",
                "  all: {}",
                ""), edited);
    }

    @Test
    void createsTheWorkersListWhenThereIsNone() {
        String edited = InventoryEditor.withWorker(BASE, new InventoryEditor.NewWorker("db1", 5433, "extra"));
        assertEquals(BASE + "workers:\n  - server: db1\n    port: 5433\n    name: extra\n", edited);
    }

    @Test
    void replacesAnEmptyInlineList() {
        String edited = InventoryEditor.withWorker(BASE + "workers: []\n", new InventoryEditor.NewWorker("db1", 5433, null));
        assertEquals(BASE + "workers:\n  - server: db1\n    port: 5433\n", edited);
    }

    @Test
    void anInvalidResultLeavesTheFileAlone(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("inv.yml"), BASE);
        CitusDeployException error = assertThrows(CitusDeployException.class,
                () -> new InventoryEditor().addWorker(file, new InventoryEditor.NewWorker("db9", 5433, null)));
        assertEquals(List.of(file + ":8: workers[0].server: no server named \"db9\" (servers: db1)"), error.lines());
        assertEquals(BASE, Files.readString(file));
    }
}
