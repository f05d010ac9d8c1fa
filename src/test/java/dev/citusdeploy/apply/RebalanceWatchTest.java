package dev.citusdeploy.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citusdeploy.CitusDeployException;
import dev.citusdeploy.db.JobStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RebalanceWatchTest {
    private final FakeAdmin coordinator = new FakeAdmin();
    private final List<String> lines = new ArrayList<>();
    private final RebalanceWatch watch = new RebalanceWatch(coordinator, lines::add, Duration.ofMillis(1));

    private static JobStatus reading(String state, int done, int running, List<String> moving, List<String> errors) {
        return new JobStatus(7, state, Map.of("done", done, "running", running, "blocked", 4 - done - running), moving, errors);
    }

    @Test
    void printsALineWhenSomethingMovesAndReturnsWhenDone() {
        coordinator.jobReadings.add(reading("running", 0, 1, List.of("w1:5432 -> w3:5432 (8 MB)"), List.of()));
        coordinator.jobReadings.add(reading("running", 0, 1, List.of("w1:5432 -> w3:5432 (8 MB)"), List.of()));
        coordinator.jobReadings.add(reading("running", 2, 1, List.of("w2:5432 -> w3:5432 (9 MB)"), List.of()));
        coordinator.jobReadings.add(reading("finished", 4, 0, List.of(), List.of()));

        JobStatus last = watch.follow(7, Duration.ofMinutes(1));

        assertTrue(last.finished());
        assertEquals(3, lines.size(), "an unchanged reading prints nothing: " + lines);
        assertTrue(lines.get(0).matches("  rebalance      job 7 running: 0/4 moves done, moving w1:5432 -> w3:5432 \\(8 MB\\) \\(0:\\d\\d\\)"),
                lines.get(0));
        assertTrue(lines.get(2).startsWith("  rebalance      job 7 finished: 4/4 moves done ("), lines.get(2));
    }

    @Test
    void aFailedJobFailsTheCommandWithCitusOwnMessage() {
        coordinator.jobReadings.add(reading("failed", 1, 0, List.of(),
                List.of("task 12: ERROR: cannot use logical replication to transfer shards of the relation t")));

        CitusDeployException error = assertThrows(CitusDeployException.class, () -> watch.follow(7, Duration.ofMinutes(1)));

        assertEquals(List.of("coordinator: rebalance job 7 failed: task 12: ERROR: cannot use logical replication to transfer"
                + " shards of the relation t"), error.lines());
    }

    @Test
    void atTheDeadlineItStopsWaitingAndSaysTheJobGoesOn() {
        coordinator.jobReadings.add(reading("running", 1, 1, List.of(), List.of()));

        CitusDeployException error = assertThrows(CitusDeployException.class, () -> watch.follow(7, Duration.ofMillis(20)));

        assertTrue(error.lines().get(0).startsWith("coordinator: rebalance job 7 did not finish within 0 min (1/4 moves done);"
                + " it goes on in the background: watch it with SELECT * FROM citus_rebalance_status();"), error.lines().get(0));
    }
}
