package dev.citusdeploy.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.citusdeploy.CitusDeployException;
import dev.citusdeploy.db.RunningStatement;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.InventoryLoader;
import dev.citusdeploy.report.Event;
import dev.citusdeploy.ssh.ServerSessions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EarlierStatementsTest {
    private final Inventory inventory = new InventoryLoader().load(Path.of("src/test/resources/inventories/valid/three-servers.yml"));
    private final FakeAdmin coordinator = new FakeAdmin();
    private final List<Event> events = new ArrayList<>();

    private void waitFor(List<RunningStatement> running, long deadline) {
        try (ServerSessions sessions = ServerSessions.openAll(inventory, server -> new FakeServer(server.name()))) {
            EarlierStatements.waitFor(inventory, Map.of("coordinator", running), sessions,
                    (inv, node, shell, password) -> coordinator, "secret", deadline, events::add);
        }
    }

    @Test
    void waitsUntilTheNodeRunsNoneThenSaysHowLongItTook() {
        RunningStatement add = new RunningStatement(31, 1.2, "SELECT citus_add_node($1, $2)");
        coordinator.othersRunning.add(List.of(add));
        coordinator.othersRunning.add(List.of(add));

        waitFor(List.of(add), System.nanoTime() + 10_000_000_000L);

        assertEquals(3, coordinator.statementReads, "asked until it found none");
        assertEquals(List.of(Event.Kind.STARTED, Event.Kind.FINISHED), events.stream().map(Event::kind).toList());
    }

    @Test
    void onePastItsDeadlineFailsNamingTheStatementAndHowToEndIt() {
        RunningStatement password = new RunningStatement(77, 75, "ALTER ROLE postgres PASSWORD 'SCRAM-SHA-256$4096:c2FsdA==$x:y'");
        coordinator.othersRunning.add(List.of(password));

        CitusDeployException failure = assertThrows(CitusDeployException.class, () -> waitFor(List.of(password), System.nanoTime()));

        assertEquals(List.of("node coordinator on server db1: a statement of another citus-deploy session still runs after 60 s"
                + " of waiting (pid 77, running 75 s: ALTER ROLE postgres PASSWORD ...); nothing was changed; wait for it and apply"
                + " again, or end it (SELECT pg_cancel_backend(77) on that node) if the run that sent it is gone"), failure.lines());
        assertEquals(Event.Kind.FAILED, events.get(events.size() - 1).kind());
    }
}
