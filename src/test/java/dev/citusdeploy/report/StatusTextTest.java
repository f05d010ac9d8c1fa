package dev.citusdeploy.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citusdeploy.facts.NodeStatus;
import dev.citusdeploy.facts.StatusReport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lines under status' table for workers closed to shards. */
class StatusTextTest {

    private static NodeStatus worker(String name, boolean closed, boolean opensOnApply) {
        return new NodeStatus(name, "worker", "db2", "10.0.0.12", 5432, "running (healthy)", true, "", "Citus 14.0.1", true, true,
                8, 1 << 20, List.of(), false, closed, opensOnApply);
    }

    private static List<String> below(StatusReport report) {
        return ReportWriter.statusText(report).stream().filter(l -> l.startsWith("waiting:") || l.startsWith("closed:")).toList();
    }

    @Test
    void aWorkerAScaleInClosedWaitsForApplyToOpenIt() {
        StatusReport report = new StatusReport("shop", List.of(worker("worker1", false, false), worker("worker2", true, true)),
                List.of(), List.of());

        assertEquals(List.of("waiting: node worker2 takes no new shards since a scale-in closed it (citus-deploy apply opens it"
                + " again)"), below(report));
        assertFalse(report.healthy(), "status exits with 6 until apply opens it");
    }

    @Test
    void aWorkerClosedByHandIsShownAndLeftAlone() {
        StatusReport report = new StatusReport("shop", List.of(worker("worker1", true, false)), List.of(), List.of());

        assertEquals(List.of("closed: node worker1 takes no new shards (shouldhaveshards = false, not set by citus-deploy; apply"
                + " leaves it so)"), below(report));
        assertTrue(report.healthy(), "what the operator chose is not a mismatch");
    }
}
