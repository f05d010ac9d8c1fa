package dev.citusdeploy.apply;

import dev.citusdeploy.CitusDeployException;
import dev.citusdeploy.plan.Action;
import dev.citusdeploy.report.Event;
import java.time.Duration;
import java.util.function.Consumer;

/** Runs one plan step between its STARTED and FINISHED (or FAILED, with the reason) events. */
final class Steps {
    private Steps() {
    }

    static void run(Consumer<Event> events, Action action, Runnable work) {
        events.accept(Event.started(action.node(), action.describe()));
        long started = System.nanoTime();
        try {
            work.run();
        } catch (CitusDeployException e) {
            events.accept(Event.failed(action.node(), action.describe(), Duration.ofNanos(System.nanoTime() - started),
                    e.lines().get(0)));
            throw e;
        }
        events.accept(Event.finished(action.node(), action.describe(), Duration.ofNanos(System.nanoTime() - started)));
    }
}
