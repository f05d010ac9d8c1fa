package dev.citusdeploy.plan;

import java.util.ArrayList;
import java.util.List;

/** The changes to make, in order, and what the planner noticed but will not change. */
public record Plan(List<Action> actions, List<String> warnings) {

    public Plan {
        actions = List.copyOf(actions);
        warnings = List.copyOf(warnings);
    }

    public static Plan empty() {
        return new Plan(List.of(), List.of());
    }

    public boolean isEmpty() {
        return actions.isEmpty();
    }

    public Plan then(Plan next) {
        List<Action> all = new ArrayList<>(actions);
        all.addAll(next.actions);
        List<String> allWarnings = new ArrayList<>(warnings);
        allWarnings.addAll(next.warnings);
        return new Plan(all, allWarnings);
    }

    public <T extends Action> List<T> actionsOf(Class<T> type) {
        return actions.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
