package dev.citusdeploy.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.citusdeploy.db.DistNode;
import dev.citusdeploy.db.NodeShards;
import dev.citusdeploy.facts.DatabaseFacts;
import dev.citusdeploy.facts.ScaleOut;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.InventoryLoader;
import dev.citusdeploy.inventory.Node;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which workers shards move onto (cluster addresses 10.0.0.11-13; worker1 holds every shard). */
class RebalancePlannerTest {
    private final Inventory inventory = new InventoryLoader().load(Path.of("src/test/resources/inventories/valid/three-servers.yml"));

    private static DatabaseFacts coordinator(boolean worker2Open, List<String> closedByCitusDeploy) {
        List<DistNode> rows = List.of(new DistNode(1, 0, "10.0.0.11", 5432, "primary", true, false),
                new DistNode(2, 2, "10.0.0.12", 5432, "primary", true, true),
                new DistNode(3, 3, "10.0.0.13", 5433, "primary", true, worker2Open));
        return new DatabaseFacts(true, Optional.of("14.0-1"), rows, Map.of(), List.of(), false,
                List.of(new NodeShards("10.0.0.12", 5432, 32, 1 << 20)), 0, List.of(), closedByCitusDeploy);
    }

    private List<String> names(List<Node> nodes) {
        return nodes.stream().map(Node::name).toList();
    }

    @Test
    void anEmptyOpenWorkerGetsShardsWithTheMovesCitusPlans() {
        DatabaseFacts facts = coordinator(true, List.of());

        assertEquals(List.of("worker2"), names(ScaleOut.targets(inventory, facts)));
        assertEquals(List.of(), names(ScaleOut.notOpenYet(inventory, facts)), "Citus can tell the moves");
        assertEquals(List.of(new Action.Rebalance("coordinator", List.of("worker2"), 16, 4096, "auto")),
                RebalancePlanner.plan(inventory, facts, List.of(), new long[] {16, 4096}, "auto", false).actions());
    }

    @Test
    void anEmptyWorkerAnEarlierScaleInClosedGetsShardsOnceOpenedAgain() {
        DatabaseFacts facts = coordinator(false, List.of("10.0.0.13:5433"));

        assertEquals(List.of("worker2"), names(ScaleOut.targets(inventory, facts)));
        assertEquals(List.of("worker2"), names(ScaleOut.notOpenYet(inventory, facts)), "Citus plans no move onto a closed worker");
        assertEquals(List.of(new Action.Rebalance("coordinator", List.of("worker2"), -1, -1, "auto")),
                RebalancePlanner.plan(inventory, facts, List.of(), null, "auto", false).actions());
    }

    @Test
    void aWorkerClosedByHandGetsNothing() {
        DatabaseFacts facts = coordinator(false, List.of());

        assertEquals(List.of(), names(ScaleOut.targets(inventory, facts)));
        assertEquals(List.of(), RebalancePlanner.plan(inventory, facts, List.of(), null, "auto", false).actions());
    }
}
