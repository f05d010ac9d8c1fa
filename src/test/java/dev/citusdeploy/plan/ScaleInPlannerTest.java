package dev.citusdeploy.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.citusdeploy.CitusDeployException;
import dev.citusdeploy.facts.LeavingWorker;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.InventoryLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Scale-in plans and refusals, from facts alone. */
class ScaleInPlannerTest {
    private final Inventory inventory = new InventoryLoader().load(Path.of("src/test/resources/inventories/valid/three-servers.yml"));
    private final LeavingWorker worker3 = new LeavingWorker("worker3", "db3", "10.0.0.13", 5434, "shop-worker3", "running",
            true, false, 16, 8_000_000);
    private final Map<String, Long> roomy = Map.of("worker1", 50_000_000L, "worker2", 50_000_000L);

    @Test
    void aLeavingWorkerIsClosedDrainedCheckedRemovedThenStopped() {
        Plan plan = ScaleInPlanner.plan(inventory, List.of(worker3), List.of(), List.of(), roomy, "auto", false);

        assertEquals(List.of(new Action.DisallowShards("worker3", "10.0.0.13", 5434),
                new Action.DrainWorkers("coordinator", List.of("worker3"), 16, 8_000_000, "auto"),
                new Action.RemoveWorker("worker3", "10.0.0.13", 5434),
                new Action.RemoveContainer("worker3", "db3", "shop-worker3")), plan.actions());
        assertEquals(List.of("the data volumes of worker3 are kept (apply --purge deletes them with their folders)"), plan.warnings());
    }

    @Test
    void purgeDeletesTheVolumeAndFolderLast() {
        Plan plan = ScaleInPlanner.plan(inventory, List.of(worker3), List.of(), List.of(), roomy, "auto", true);

        assertEquals(new Action.DeleteData("worker3", "db3", "shop-worker3-data", "/srv/citus/shop/worker3"),
                plan.actions().get(plan.actions().size() - 1));
    }

    @Test
    void anEmptyWorkerNeedsNoDrainAndAnUnregisteredOneOnlyItsContainerRemoved() {
        LeavingWorker empty = worker3.withShards(0, 0);
        LeavingWorker unregistered = new LeavingWorker("worker4", "db3", "10.0.0.13", 5435, "shop-worker4", "exited", false, false, 0, 0);

        Plan plan = ScaleInPlanner.plan(inventory, List.of(empty, unregistered), List.of(), List.of(), Map.of(), "auto", false);

        assertEquals(List.of(new Action.DisallowShards("worker3", "10.0.0.13", 5434),
                new Action.RemoveWorker("worker3", "10.0.0.13", 5434),
                new Action.RemoveContainer("worker3", "db3", "shop-worker3"),
                new Action.RemoveContainer("worker4", "db3", "shop-worker4")), plan.actions());
    }

    @Test
    void everyReasonNotToMoveIsGivenAtOnceBeforeAnythingMoves() {
        CitusDeployException refused = assertThrows(CitusDeployException.class, () -> ScaleInPlanner.plan(inventory,
                List.of(worker3), List.of(7L), List.of("events_nopk"), Map.of("worker1", 1_000_000L), "auto", false));

        assertEquals(List.of(
                "cannot remove worker3 safely: a rebalance or drain is running on the coordinator (background job 7): wait for it"
                        + " (SELECT * FROM citus_rebalance_status();) or stop it (SELECT citus_rebalance_stop();)",
                "cannot remove worker3 safely: logical replication cannot move the shards of events_nopk (no primary key or"
                        + " replica identity): add a primary key or ALTER TABLE ... REPLICA IDENTITY FULL, or give"
                        + " --shard-transfer-mode block_writes (writes to the moving shards wait until each move ends)",
                "cannot remove worker3 safely: the remaining workers have 1000000 bytes free where their data lives, worker3 holds"
                        + " 8000000 bytes: at least 10000000 are needed (new workers count once they exist: add them in one apply,"
                        + " remove the old ones in the next)",
                "nothing was changed"), refused.lines());
    }

    @Test
    void aDrainAnEarlierRunStartedIsFollowedNotRefused() {
        LeavingWorker closed = new LeavingWorker("worker3", "db3", "10.0.0.13", 5434, "shop-worker3", "running", true, true, 4, 100);

        Plan plan = ScaleInPlanner.plan(inventory, List.of(closed), List.of(7L), List.of(), roomy, "auto", false);

        assertEquals(new Action.DrainWorkers("coordinator", List.of("worker3"), 4, 100, "auto"), plan.actions().get(1));
    }

    @Test
    void blockWritesMovesTablesWithoutReplicaIdentity() {
        Plan plan = ScaleInPlanner.plan(inventory, List.of(worker3), List.of(), List.of("events_nopk"), roomy, "block_writes", false);

        assertEquals(new Action.DrainWorkers("coordinator", List.of("worker3"), 16, 8_000_000, "block_writes"), plan.actions().get(1));
    }
}
