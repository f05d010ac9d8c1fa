package dev.citusdeploy.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import dev.citusdeploy.db.DistNode;
import dev.citusdeploy.host.ContainerState;
import dev.citusdeploy.facts.DatabaseFacts;
import dev.citusdeploy.facts.NodeFacts;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.InventoryLoader;
import dev.citusdeploy.inventory.Node;
import dev.citusdeploy.render.DataLayout;
import dev.citusdeploy.render.NodeLayout;
import dev.citusdeploy.render.NodeRenderer;
import dev.citusdeploy.render.RenderedFile;
import dev.citusdeploy.render.TemplateEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Whole plans, compared with assertEquals, for (inventory change x facts). */
class PlannerTest {
    private static final Path SOURCE = Path.of("src/test/resources/inventories/valid/three-servers.yml");
    private static final ContainerState HEALTHY = new ContainerState("running", "healthy", 0);
    private static final Map<String, Integer> MAJORS = Map.of("db1", 15, "db2", 15, "db3", 15);
    private static final List<DistNode> REGISTERED = List.of(
            new DistNode(1, 0, "10.0.0.11", 5432, "primary", true, false),
            new DistNode(2, 1, "10.0.0.12", 5432, "primary", true, true),
            new DistNode(3, 2, "10.0.0.13", 5433, "primary", true, true));

    private final Inventory inventory = new InventoryLoader().load(SOURCE);

    @Test
    void aFreshClusterPlansEveryStepTheDatabaseOnesIncluded() {
        Map<String, List<RenderedFile>> files = render(inventory);
        Map<String, NodeFacts> facts = new LinkedHashMap<>();
        inventory.nodes().forEach(n -> facts.put(n.name(), new NodeFacts(n.name(), Map.of(), ContainerState.absent())));

        Plan plan = Planner.plan(inventory, files, facts, MAJORS);

        List<Action> expected = new ArrayList<>();
        for (String server : List.of("db1", "db2", "db3")) {
            expected.add(new Action.CheckImage(server, "citusdata/citus:13.2.0-pg15", 15));
        }
        for (Node node : inventory.nodes()) {
            files.get(node.name()).forEach(f -> expected.add(newFile(node.name(), f)));
            expected.add(new Action.StartNode(node.name(), "no container yet"));
        }
        inventory.nodes().forEach(n -> expected.add(new Action.CreateExtension(n.name())));
        expected.add(new Action.SetCoordinatorHost("coordinator", "10.0.0.11", 5432));
        expected.add(new Action.AddWorker("worker1", "10.0.0.12", 5432));
        expected.add(new Action.AddWorker("worker2", "10.0.0.13", 5433));
        assertEquals(new Plan(expected, List.of()), plan);
    }

    @Test
    void aConvergedClusterNeedsNothing() {
        Map<String, List<RenderedFile>> files = render(inventory);
        assertEquals(Plan.empty(), Planner.plan(inventory, files, converged(files), MAJORS));
    }

    @Test
    void aChangedSettingIsOneUploadWithItsDiffAndAReload() throws Exception {
        Map<String, List<RenderedFile>> before = render(inventory);
        Inventory changed = parse(Files.readString(SOURCE).replace("work_mem: 64MB", "work_mem: 128MB"));
        Map<String, List<RenderedFile>> after = render(changed);
        Map<String, NodeFacts> facts = converged(before);
        RenderedFile oldConf = before.get("worker2").get(1);
        NodeFacts worker2 = facts.get("worker2").withFileTexts(Map.of(oldConf.path(), oldConf.text()));
        facts.put("worker2", worker2.withDatabase(new DatabaseFacts(true, Optional.of("13.2-1"), List.of(),
                Map.of("work_mem", "user", "max_connections", "postmaster"))));

        Plan plan = Planner.plan(changed, after, facts, MAJORS);

        RenderedFile newConf = after.get("worker2").get(1);
        assertEquals(new Plan(List.of(
                new Action.UploadFile("worker2", "db3", newConf.path(), newConf.sha256(), 0644, true, false, oldConf.text(),
                        newConf.text()),
                new Action.CheckConfiguration("worker2", List.of("postgresql.conf")),
                new Action.ReloadConfiguration("worker2", List.of(new SettingChange("work_mem", "64MB", "128MB", "user")))),
                List.of()), plan);
        assertEquals("reload the configuration: work_mem 64MB -> 128MB (reload)", plan.actions().get(2).describe());
    }

    @Test
    void aNewWorkerIsStartedGivenTheExtensionAndRegistered() throws Exception {
        Inventory grown = parse(Files.readString(SOURCE)
                .replace("      work_mem: 64MB\n", "      work_mem: 64MB\n  - server: db3\n    port: 5434\n"));
        Map<String, List<RenderedFile>> files = render(grown);
        Map<String, NodeFacts> facts = converged(render(inventory));
        facts.put("worker3", new NodeFacts("worker3", Map.of(), ContainerState.absent()));

        Plan plan = Planner.plan(grown, files, facts, MAJORS);

        List<Action> expected = new ArrayList<>();
        expected.add(new Action.CheckImage("db3", "citusdata/citus:13.2.0-pg15", 15));
        // db3's pg_hba.conf line now names worker3 too (a comment): every node gets it and reloads;
        // every node's password file gets a line for worker3: refreshed in the running containers.
        for (String node : List.of("coordinator", "worker1", "worker2")) {
            RenderedFile hba = files.get(node).get(2);
            RenderedFile entrypoint = files.get(node).get(3);
            expected.add(new Action.UploadFile(node, hba.server(), hba.path(), hba.sha256(), 0644, true, false, null, hba.text()));
            expected.add(new Action.UploadFile(node, entrypoint.server(), entrypoint.path(), entrypoint.sha256(), 0755, true, false,
                    null, entrypoint.text()));
            expected.add(new Action.RefreshCredentials(node));
            expected.add(new Action.CheckConfiguration(node, List.of("pg_hba.conf")));
            expected.add(new Action.ReloadConfiguration(node));
        }
        files.get("worker3").forEach(f -> expected.add(newFile("worker3", f)));
        expected.add(new Action.StartNode("worker3", "no container yet"));
        expected.add(new Action.CreateExtension("worker3"));
        expected.add(new Action.AddWorker("worker3", "10.0.0.13", 5434));
        assertEquals(new Plan(expected, List.of()), plan);
    }

    @Test
    void aWorkerTheInventoryDoesNotListIsReportedNeverRemoved() {
        Map<String, List<RenderedFile>> files = render(inventory);
        Map<String, NodeFacts> facts = converged(files);
        List<DistNode> withStranger = new ArrayList<>(REGISTERED);
        withStranger.add(new DistNode(4, 3, "10.0.0.99", 5432, "primary", true, true));
        facts.put("coordinator", facts.get("coordinator").withDatabase(new DatabaseFacts(true, Optional.of("13.2-1"), withStranger)));

        Plan plan = Planner.plan(inventory, files, facts, MAJORS);

        assertEquals(new Plan(List.of(), List.of("coordinator: pg_dist_node has primary 10.0.0.99:5432 (nodeid 4) that the"
                + " inventory does not list; left as it is")), plan);
    }

    @Test
    void aStoppedCoordinatorIsStartedAndItsRegistrationPredicted() {
        Map<String, List<RenderedFile>> files = render(inventory);
        Map<String, NodeFacts> facts = converged(files);
        NodeFacts coordinator = facts.get("coordinator");
        facts.put("coordinator", new NodeFacts("coordinator", coordinator.fileHashes(), new ContainerState("exited", "", 0)));

        Plan plan = Planner.plan(inventory, files, facts, MAJORS);

        assertEquals(new Plan(List.of(
                new Action.CheckImage("db1", "citusdata/citus:13.2.0-pg15", 15),
                new Action.StartNode("coordinator", "container is exited"),
                new Action.CreateExtension("coordinator"),
                new Action.SetCoordinatorHost("coordinator", "10.0.0.11", 5432),
                new Action.AddWorker("worker1", "10.0.0.12", 5432),
                new Action.AddWorker("worker2", "10.0.0.13", 5433)), List.of()), plan);
    }

    private Inventory parse(String text) {
        return new InventoryLoader().parse(SOURCE, text);
    }

    private static Map<String, List<RenderedFile>> render(Inventory inventory) {
        NodeRenderer renderer = new NodeRenderer(TemplateEngine.builtIn());
        Map<String, List<RenderedFile>> files = new LinkedHashMap<>();
        for (Node node : inventory.nodes()) {
            List<RenderedFile> list = new ArrayList<>(renderer.render(inventory, node, DataLayout.forNewNode(15)));
            list.add(RenderedFile.secret(node.server(), NodeLayout.of(inventory, node).path(NodeLayout.PASSWORD_FILE), "pw"));
            files.put(node.name(), list);
        }
        return files;
    }

    /** Every file in place, every container healthy, extensions created, workers registered. */
    private static Map<String, NodeFacts> converged(Map<String, List<RenderedFile>> files) {
        Map<String, NodeFacts> facts = new LinkedHashMap<>();
        files.forEach((node, list) -> {
            Map<String, String> hashes = new HashMap<>();
            list.forEach(f -> hashes.put(f.path(), f.sha256()));
            facts.put(node, new NodeFacts(node, hashes, HEALTHY).withDatabase(new DatabaseFacts(true, Optional.of("13.2-1"),
                    node.equals("coordinator") ? REGISTERED : List.of())));
        });
        return facts;
    }

    private static Action.UploadFile newFile(String node, RenderedFile file) {
        return file.secret()
                ? Action.UploadFile.secret(node, file.server(), file.path(), file.mode(), false)
                : new Action.UploadFile(node, file.server(), file.path(), file.sha256(), file.mode(), false, false, null, file.text());
    }
}
