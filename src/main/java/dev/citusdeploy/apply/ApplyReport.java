package dev.citusdeploy.apply;

import dev.citusdeploy.plan.Action;
import java.time.Duration;
import java.util.List;

/** What apply did (or, in a dry run, would do). */
public record ApplyReport(String cluster, boolean dryRun, List<Action> actions, List<String> warnings,
                          int nodes, int servers, Duration took) {

    public ApplyReport {
        actions = List.copyOf(actions);
        warnings = List.copyOf(warnings);
    }

    public boolean changedNothing() {
        return actions.isEmpty();
    }
}
