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

    /** Steps done by one piece of work (files written in one command): each reported, with the work's duration. */
    static void runTogether(Consumer<Event> events, java.util.List<? extends Action> actions, Runnable work) {
        actions.forEach(a -> events.accept(Event.started(a.node(), a.describe())));
        long started = System.nanoTime();
        try {
            work.run();
        } catch (CitusDeployException e) {
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            actions.forEach(a -> events.accept(Event.failed(a.node(), a.describe(), took, e.lines().get(0))));
            throw e;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        actions.forEach(a -> events.accept(Event.finished(a.node(), a.describe(), took)));
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
