package dev.citusdeploy.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.InventoryLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LifecyclePlannerTest {
    private final Inventory single = new InventoryLoader().load(Path.of("src/test/resources/inventories/valid/single-machine.yml"));

    @Test
    void downRemovesEveryContainerThenTheNetworkAndKeepsTheData() {
        Plan plan = LifecyclePlanner.plan(single, false, Set.of("coordinator", "worker1", "worker2"),
                Set.of("coordinator", "worker1", "worker2"), Set.of("local"));

        assertEquals(new Plan(List.of(
                new Action.RemoveContainer("coordinator", "local", "citus-coordinator"),
                new Action.RemoveContainer("worker1", "local", "citus-worker1"),
                new Action.RemoveContainer("worker2", "local", "citus-worker2"),
                new Action.RemoveNetwork("local", "citus-network")), List.of()), plan);
    }

    @Test
    void destroyDeletesOnlyWhatExists() {
        Plan plan = LifecyclePlanner.plan(single, true, Set.of("worker1"), Set.of("coordinator", "worker1"), Set.of());

        assertEquals(new Plan(List.of(
                new Action.DeleteData("coordinator", "local", "citus-coordinator-data", "/opt/citus-deploy/citus/coordinator"),
                new Action.RemoveContainer("worker1", "local", "citus-worker1"),
                new Action.DeleteData("worker1", "local", "citus-worker1-data", "/opt/citus-deploy/citus/worker1")),
                List.of()), plan);
    }

    @Test
    void destroyAlsoDeletesWhatRemovedWorkersLeftAndDownLeavesIt() {
        // worker3 was removed without --purge (volume and folder kept); worker4's scale-in was cut
        // short before its container went; worker1's own objects are the inventory's.
        java.util.Map<String, List<dev.citusdeploy.facts.ClusterObject>> found = java.util.Map.of("local",
                dev.citusdeploy.facts.ClusterObject.parse(String.join("\n",
                        "container|citus-worker1|worker1",
                        "container|citus-worker4|worker4",
                        "volume|citus-worker1-data|worker1",
                        "volume|citus-worker3-data|worker3",
                        "volume|citus-worker4-data|worker4",
                        "volume|someone-elses|",
                        "folder|/opt/citus-deploy/citus/worker1|worker1",
                        "folder|/opt/citus-deploy/citus/worker3|worker3",
                        "")));

        Plan plan = LifecyclePlanner.plan(single, true, Set.of("worker1"), Set.of("worker1"), Set.of("local"), found);

        assertEquals(new Plan(List.of(
                new Action.RemoveContainer("worker1", "local", "citus-worker1"),
                new Action.DeleteData("worker1", "local", "citus-worker1-data", "/opt/citus-deploy/citus/worker1"),
                new Action.RemoveContainer("worker4", "local", "citus-worker4"),
                new Action.DeleteData("worker3", "local", "citus-worker3-data", "/opt/citus-deploy/citus/worker3"),
                new Action.DeleteData("worker4", "local", "citus-worker4-data", ""),
                new Action.RemoveNetwork("local", "citus-network")), List.of()), plan);
        assertEquals("DELETE volume citus-worker4-data", plan.actions().get(4).describe());
        assertEquals(List.of(new Action.RemoveContainer("worker1", "local", "citus-worker1"),
                new Action.RemoveNetwork("local", "citus-network")),
                LifecyclePlanner.plan(single, false, Set.of("worker1"), Set.of("worker1"), Set.of("local"), found).actions(),
                "down stops the inventory's nodes only");
    }

    @Test
    void nothingLeftIsAnEmptyPlan() {
        assertEquals(Plan.empty(), LifecyclePlanner.plan(single, true, Set.of(), Set.of(), Set.of()));
    }
}
