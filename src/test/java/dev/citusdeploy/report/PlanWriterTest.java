package dev.citusdeploy.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.InventoryLoader;
import dev.citusdeploy.plan.Action;
import dev.citusdeploy.plan.Plan;
import dev.citusdeploy.plan.SettingChange;
import dev.citusdeploy.render.RenderedFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanWriterTest {
    private static final String PASSWORD = "very-secret-password-123";
    private final Inventory inventory = new InventoryLoader().load(Path.of("src/test/resources/inventories/valid/three-servers.yml"));
    private final RenderedFile secret = RenderedFile.secret("db3", "/srv/citus/shop/worker2/secrets/password", PASSWORD);
    private final Plan plan = new Plan(List.of(
            new Action.CheckImage("db3", "citusdata/citus:13.2.0-pg15", 15),
            new Action.UploadFile("worker2", "db3", "/srv/citus/shop/worker2/postgresql.conf", "ab".repeat(32), 0644, true, false,
                    "port = 5433\nwork_mem = 64MB\nmax_connections = 500\n", "port = 5433\nwork_mem = 128MB\nmax_connections = 500\n"),
            new Action.UploadFile("worker2", "db3", secret.path(), "", 0600, true, true, null, null),
            new Action.ReloadConfiguration("worker2", List.of(new SettingChange("work_mem", "64MB", "128MB", "user")))),
            List.of("coordinator: pg_dist_node has primary 10.0.0.99:5432 (nodeid 4) that the inventory does not list; left as it is"));

    @Test
    void textGroupsByServerShowsDiffsAndTheDatabaseSteps() {
        List<String> lines = PlanWriter.text(inventory, plan, true);

        assertEquals(List.of(
                "Plan for cluster shop (3 nodes on 3 servers):",
                "server db3",
                "  db3            check that image citusdata/citus:13.2.0-pg15 (PostgreSQL 15) has Citus",
                "  worker2        update /srv/citus/shop/worker2/postgresql.conf",
                "                 --- /srv/citus/shop/worker2/postgresql.conf (on db3)",
                "                 +++ /srv/citus/shop/worker2/postgresql.conf (new)",
                "                 @@ -1,3 +1,3 @@",
                "                  port = 5433",
                "                 -work_mem = 64MB",
                "                 +work_mem = 128MB",
                "                  max_connections = 500",
                "  worker2        update /srv/citus/shop/worker2/secrets/password (secret, 0600)",
                "database",
                "  worker2        reload the configuration: work_mem 64MB -> 128MB (reload)",
                "warning: coordinator: pg_dist_node has primary 10.0.0.99:5432 (nodeid 4) that the inventory does not list; left as it is",
                "4 changes planned for cluster shop."), lines);
    }

    @Test
    void jsonNamesEachActionAndHoldsNoSecret() throws Exception {
        String json = PlanWriter.json(inventory, plan);

        assertFalse(json.contains(PASSWORD), json);
        JsonNode root = new ObjectMapper().readTree(json);
        assertEquals(4, root.get("changes").asInt());
        assertEquals(List.of("check-image", "upload", "upload", "reload"),
                root.get("actions").findValuesAsText("action"));
        JsonNode secretUpload = root.get("actions").get(2);
        assertTrue(secretUpload.get("secret").asBoolean());
        assertTrue(secretUpload.get("after").isNull(), secretUpload.toString());
        assertEquals("", secretUpload.get("sha256").asText(), "not even its hash");
        assertEquals("work_mem", root.get("actions").get(3).get("settings").get(0).get("name").asText());
    }

    @Test
    void anEmptyPlanSaysThereIsNothingToDo() {
        assertEquals(List.of("No changes: cluster shop matches the inventory (3 nodes on 3 servers)."),
                PlanWriter.text(inventory, Plan.empty(), true));
    }
}
