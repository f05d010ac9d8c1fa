package dev.citusdeploy.apply;

import dev.citusdeploy.CitusDeployException;
import dev.citusdeploy.ExitCode;
import dev.citusdeploy.Parallel;
import dev.citusdeploy.db.CitusAdmin;
import dev.citusdeploy.db.NodeDatabase;
import dev.citusdeploy.db.RunningStatement;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.Node;
import dev.citusdeploy.report.Event;
import dev.citusdeploy.ssh.ServerSessions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a run left running on the nodes. A run killed in the middle of a statement lets go of the
 * cluster lock with its connection, but PostgreSQL finishes what it was sent (a citus_add_node, a
 * CREATE EXTENSION). Facts read meanwhile can be half of before and half of after: the
 * coordinator not listing a worker yet that already holds the metadata it is being given. apply,
 * holding the lock, waits for such statements to end, then reads the facts again.
 */
final class EarlierStatements {
    /** How long apply waits for them before it gives up, naming them (nothing changed yet). */
    static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(200);

    private EarlierStatements() {
    }

    /**
     * Waits, on every node in {@code running}, until no other citus-deploy session runs a statement
     * there, or until {@code deadline} (System.nanoTime()) passes: then fails, naming each statement
     * and how to end it.
     */
    static void waitFor(Inventory inventory, Map<String, List<RunningStatement>> running, ServerSessions connections,
                        NodeDatabase databases, String password, long deadline, Consumer<Event> events) {
        Parallel.run(List.copyOf(running.keySet()), name -> {
            Node node = inventory.node(name);
            String step = "wait for a statement of an earlier run to end (" + describe(running.get(name)) + ")";
            long started = System.nanoTime();
            events.accept(Event.started(name, step));
            try (CitusAdmin admin = databases.open(inventory, node, connections.of(node.server()), password)) {
                List<RunningStatement> still = admin.othersRunning();
                while (!still.isEmpty()) {
                    if (System.nanoTime() > deadline) {
                        events.accept(Event.failed(name, step, Duration.ofNanos(System.nanoTime() - started), "still running"));
                        throw stillRunning(inventory, node, still);
                    }
                    sleep();
                    still = admin.othersRunning();
                }
            }
            events.accept(Event.finished(name, step, Duration.ofNanos(System.nanoTime() - started)));
            return true;
        });
    }

    private static CitusDeployException stillRunning(Inventory inventory, Node node, List<RunningStatement> still) {
        List<String> lines = new ArrayList<>();
        for (RunningStatement statement : still) {
            lines.add("node " + node.name() + " on server " + node.server() + ": a statement of another citus-deploy session"
                    + " still runs after " + DEADLINE.toSeconds() + " s of waiting (" + statement.describe() + "); nothing was"
                    + " changed; wait for it and apply again, or end it (SELECT pg_cancel_backend(" + statement.pid()
                    + ") on that node) if the run that sent it is gone");
        }
        return new CitusDeployException(ExitCode.REMOTE_FAILURE, lines, null);
    }

    private static String describe(List<RunningStatement> statements) {
        return statements.size() == 1 ? statements.get(0).describe()
                : statements.get(0).describe() + ", and " + (statements.size() - 1) + " more";
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CitusDeployException(ExitCode.INTERNAL, "interrupted while waiting for an earlier run's statements", e);
        }
    }
}
