package dev.citusdeploy.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.citusdeploy.db.DistNode;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.InventoryLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registration decisions against given pg_dist_node contents (cluster addresses 10.0.0.11-13). */
class RegistrationPlannerTest {
    private final Inventory inventory = new InventoryLoader().load(Path.of("src/test/resources/inventories/valid/three-servers.yml"));

    private static DistNode coordinatorRow(String host, int port) {
        return new DistNode(1, 0, host, port, "primary", true, false);
    }

    private static DistNode worker(int id, String host, int port, boolean active) {
        return new DistNode(id, id, host, port, "primary", active, true);
    }

    @Test
    void emptyMetadataRegistersCoordinatorThenEveryWorker() {
        Plan plan = RegistrationPlanner.plan(inventory, List.of());
        assertEquals(List.of(
                new Action.SetCoordinatorHost("coordinator", "10.0.0.11", 5432),
                new Action.AddWorker("worker1", "10.0.0.12", 5432),
                new Action.AddWorker("worker2", "10.0.0.13", 5433)), plan.actions());
        assertEquals(List.of(), plan.warnings());
    }

    @Test
    void aWorkerWhoseAddressChangedIsUpdatedInPlaceNotAddedAgain() {
        Plan plan = RegistrationPlanner.plan(inventory, List.of(coordinatorRow("10.0.0.11", 5432),
                worker(2, "10.0.0.12", 5432, true), worker(3, "10.9.9.13", 5433, true)), java.util.Set.of(),
                java.util.Map.of("worker1", 2, "worker2", 3));
        assertEquals(List.of(new Action.UpdateWorker("worker2", 3, "10.9.9.13", 5433, "10.0.0.13", 5433)), plan.actions());
        assertEquals(List.of(), plan.warnings(), "the old row is the same node, not an unknown one");
    }

    @Test
    void convergedMetadataNeedsNothing() {
        Plan plan = RegistrationPlanner.plan(inventory, List.of(coordinatorRow("10.0.0.11", 5432),
                worker(2, "10.0.0.12", 5432, true), worker(3, "10.0.0.13", 5433, true)));
        assertEquals(List.of(), plan.actions());
    }

    @Test
    void onlyTheMissingWorkerIsAdded() {
        Plan plan = RegistrationPlanner.plan(inventory, List.of(coordinatorRow("10.0.0.11", 5432),
                worker(2, "10.0.0.12", 5432, true)));
        assertEquals(List.of(new Action.AddWorker("worker2", "10.0.0.13", 5433)), plan.actions());
    }

    @Test
    void coordinatorRecordedAsLocalhostIsCorrected() {
        Plan plan = RegistrationPlanner.plan(inventory, List.of(coordinatorRow("localhost", 5432),
                worker(2, "10.0.0.12", 5432, true), worker(3, "10.0.0.13", 5433, true)));
        assertEquals(List.of(new Action.SetCoordinatorHost("coordinator", "10.0.0.11", 5432)), plan.actions());
    }

    @Test
    void inactiveWorkerIsActivatedNotAddedAgain() {
        Plan plan = RegistrationPlanner.plan(inventory, List.of(coordinatorRow("10.0.0.11", 5432),
                worker(2, "10.0.0.12", 5432, false), worker(3, "10.0.0.13", 5433, true)));
        assertEquals(List.of(new Action.ActivateWorker("worker1", "10.0.0.12", 5432)), plan.actions());
    }

    @Test
    void aWorkerAnEarlierScaleInClosedIsOpenedAgainOneClosedByHandStaysClosed() {
        DistNode closed = new DistNode(2, 2, "10.0.0.12", 5432, "primary", true, false);
        DistNode byHand = new DistNode(3, 3, "10.0.0.13", 5433, "primary", true, false);
        Plan plan = RegistrationPlanner.plan(inventory, List.of(coordinatorRow("10.0.0.11", 5432), closed, byHand),
                java.util.Set.of(), java.util.Map.of(), java.util.Set.of("10.0.0.12:5432", "10.0.0.99:5432"));
        assertEquals(List.of(new Action.AllowShards("worker1", "10.0.0.12", 5432)), plan.actions());
        assertEquals("citus_set_node_property('10.0.0.12', 5432, 'shouldhaveshards', true): it takes shards again"
                + " (an earlier scale-in closed it)", plan.actions().get(0).describe());
    }

    @Test
    void anOpenWorkerIsLeftAsItIsWhateverTheHistorySays() {
        Plan plan = RegistrationPlanner.plan(inventory, List.of(coordinatorRow("10.0.0.11", 5432),
                worker(2, "10.0.0.12", 5432, true), worker(3, "10.0.0.13", 5433, true)), java.util.Set.of(), java.util.Map.of(),
                java.util.Set.of("10.0.0.12:5432"));
        assertEquals(List.of(), plan.actions());
    }

    @Test
    void workerOnAnotherPortIsADifferentNode() {
        Plan plan = RegistrationPlanner.plan(inventory, List.of(coordinatorRow("10.0.0.11", 5432),
                worker(2, "10.0.0.12", 5432, true), worker(3, "10.0.0.13", 5432, true)));
        assertEquals(List.of(new Action.AddWorker("worker2", "10.0.0.13", 5433)), plan.actions());
        assertEquals(List.of("coordinator: pg_dist_node has primary 10.0.0.13:5432 (nodeid 3) that the inventory"
                + " does not list; left as it is"), plan.warnings());
    }
}
