package dev.citusdeploy.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ValidInventoryTest {
    private final Inventory inventory = new InventoryLoader().load(Path.of("src/test/resources/inventories/valid/three-servers.yml"));

    /** The examples shipped in inventory/ must stay valid. */
    static Stream<Path> examples() throws IOException {
        return Files.list(Path.of("inventory")).filter(p -> p.toString().endsWith(".yml")).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void shippedExamplesAreValid(Path example) {
        new InventoryLoader().load(example);
    }

    @Test
    void readsEveryLevel() {
        assertEquals("shop", inventory.cluster());
        assertEquals("citus", inventory.user());
        assertInstanceOf(PasswordSource.FromEnv.class, inventory.password());
        assertEquals(List.of("coordinator", "worker1", "worker2"), inventory.nodes().stream().map(Node::name).toList());
        Server db2 = inventory.server("db2");
        assertEquals(new SshSettings("deploy", 22, null), db2.ssh());
        assertEquals(2200, inventory.server("db1").ssh().port());
        assertEquals("10.0.0.12", db2.clusterAddress());
        assertEquals("/srv/citus", inventory.server("db3").dir());
        assertEquals(5433, inventory.workers().get(1).port());
    }

    @Test
    void settingsMergeNodeOverRoleOverAll() {
        var worker2 = inventory.postgresql().forNode(inventory.workers().get(1));
        assertEquals("2GB", worker2.get("shared_buffers"));
        assertEquals("500", worker2.get("max_connections"));
        assertEquals("64MB", worker2.get("work_mem"));
        assertEquals(null, inventory.postgresql().forNode(inventory.coordinator()).get("max_connections"));
    }

    @Test
    void settingValuesAreKeptAsWritten() {
        String yaml = String.join("\n", "cluster: demo", "servers:", "  - name: db1", "    address: 192.0.2.1",
                "coordinator:", "  server: db1", "postgresql:", "  all:", "    log_file_mode: 0640",
                "    jit: on", "    random_page_cost: 1.10", "");
        var settings = new InventoryLoader().parse(Path.of("inv.yml"), yaml).postgresql().all();
        assertEquals("0640", settings.get("log_file_mode"));
        assertEquals("on", settings.get("jit"));
        assertEquals("1.10", settings.get("random_page_cost"));
    }
}
