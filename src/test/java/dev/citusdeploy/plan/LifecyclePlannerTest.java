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
    void downStopsTheCoordinatorBeforeTheWorkersAndKeepsTheData() {
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
    void nothingLeftIsAnEmptyPlan() {
        assertEquals(Plan.empty(), LifecyclePlanner.plan(single, true, Set.of(), Set.of(), Set.of()));
    }
}
