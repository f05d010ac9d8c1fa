package dev.citusdeploy.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.InventoryLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rendered files of a complete inventory, compared byte for byte with golden files.
 * After an intended template change: {@code mvn test -Dtest=RenderGoldenTest -Dgolden.update=true}.
 */
class RenderGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final Path INVENTORY = Path.of("src/test/resources/inventories/valid/three-servers.yml");

    private final Inventory inventory = new InventoryLoader().load(INVENTORY);
    /** three-servers.yml names citusdata/citus:13.2.0-pg15 (PostgreSQL 15). */
    private final List<RenderedFile> files = new NodeRenderer(TemplateEngine.builtIn())
            .renderAll(inventory, node -> DataLayout.forNewNode(15));

    /** single-machine.yml takes the default image, citusdata/citus:14.1.0 (PostgreSQL 18). */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"three-servers, 15", "single-machine, 18"})
    void matchesTheGoldenFiles(String name, int pgMajor) throws IOException {
        Inventory inventory = new InventoryLoader().load(INVENTORY.resolveSibling(name + ".yml"));
        List<RenderedFile> files = new NodeRenderer(TemplateEngine.builtIn())
                .renderAll(inventory, node -> DataLayout.forNewNode(pgMajor));
        assertEquals(12, files.size());
        for (RenderedFile file : files) {
            Path golden = GOLDEN.resolve(name).resolve(file.server()).resolve(file.path().substring(1));
            String actual = new String(file.content(), StandardCharsets.UTF_8);
            if (Boolean.getBoolean("golden.update")) {
                Files.createDirectories(golden.getParent());
                Files.writeString(golden, actual);
            }
            assertEquals(Files.readString(golden), actual, golden.toString());
        }
    }

    @Test
    void citusComesFirstAndNothingIsTrustedOverTcp() {
        for (RenderedFile file : files) {
            String text = new String(file.content(), StandardCharsets.UTF_8);
            if (file.fileName().equals("postgresql.conf")) {
                assertTrue(text.contains("shared_preload_libraries = 'citus,pg_stat_statements'"), text);
                assertTrue(text.contains("wal_level = logical"), text);
            }
            if (file.fileName().equals("pg_hba.conf")) {
                assertFalse(text.lines().anyMatch(l -> l.startsWith("host") && l.contains("trust")), text);
                assertTrue(text.contains("host    all  all  10.0.0.12/32  scram-sha-256  # worker1"), text);
            }
        }
    }

    @Test
    void singleMachineNodesShareOnePrivateNetworkAndPublishTheirPorts() throws IOException {
        Inventory single = new InventoryLoader().load(INVENTORY.resolveSibling("single-machine.yml"));
        List<RenderedFile> rendered = new NodeRenderer(TemplateEngine.builtIn()).renderAll(single, node -> DataLayout.forNewNode(18));
        String compose = new String(rendered.get(4).content(), StandardCharsets.UTF_8);
        assertTrue(compose.contains("container_name: \"citus-worker1\""), compose);
        assertTrue(compose.contains("- \"5433:5433\""), compose);
        assertTrue(compose.contains("name: \"citus-network\""), compose);
        assertFalse(compose.contains("network_mode: host"), compose);
        assertEquals("citus-worker2", single.clusterAddressOf(single.workers().get(1)));
        String hba = new String(rendered.get(2).content(), StandardCharsets.UTF_8);
        assertTrue(hba.contains("host    all  all  samenet  scram-sha-256"), hba);
        assertTrue(compose.contains("PGDATA: \"/var/lib/postgresql/18/docker\"\n"), compose);
        assertTrue(compose.contains("- \"data:/var/lib/postgresql\"\n"), compose);
    }

    @Test
    void eachNodeHasItsOwnFolderAndPort() {
        assertEquals("/opt/citus-deploy/shop/coordinator/compose.yaml", files.get(0).path());
        assertEquals("/srv/citus/shop/worker2/compose.yaml", files.get(8).path());
        String worker2 = new String(files.get(9).content(), StandardCharsets.UTF_8);
        assertTrue(worker2.contains("port = 5433"), worker2);
        assertTrue(worker2.contains("work_mem = 64MB"), worker2);
        assertTrue(worker2.contains("max_connections = 500"), worker2);
    }

    @Test
    void aUserTemplateFolderOverridesOneTemplate(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("pg_hba.conf.ftl"), "# custom for ${m.node}\n");
        List<RenderedFile> custom = new NodeRenderer(new TemplateEngine(dir)).render(inventory, inventory.coordinator(),
                DataLayout.UP_TO_17);
        assertEquals("# custom for coordinator\n", new String(custom.get(2).content(), StandardCharsets.UTF_8));
        assertTrue(new String(custom.get(1).content(), StandardCharsets.UTF_8).contains("wal_level = logical"));
    }
}
