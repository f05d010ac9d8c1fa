package dev.citusdeploy.report;

import dev.citusdeploy.plan.Action;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** What apply did (or, in a dry run, would do). */
public record ApplyReport(String cluster, boolean dryRun, List<Action> actions, List<String> warnings,
                          int nodes, int servers, Duration took, Map<String, Duration> phases) {

    public ApplyReport {
        actions = List.copyOf(actions);
        warnings = List.copyOf(warnings);
        phases = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(phases));
    }

    public boolean changedNothing() {
        return actions.isEmpty();
    }
}
