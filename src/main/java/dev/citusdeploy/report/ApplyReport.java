package dev.citusdeploy.report;

import dev.citusdeploy.plan.Action;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What apply did (or, in a dry run, would do); {@code runId} names its record in citus_deploy.runs
 * ("" for none); {@code deferred} counts the planned changes left for later (--no-restart).
 */
public record ApplyReport(String cluster, boolean dryRun, List<Action> actions, List<String> warnings,
                          int nodes, int servers, Duration took, Map<String, Duration> phases, String runId, int deferred) {

    public ApplyReport {
        actions = List.copyOf(actions);
        warnings = List.copyOf(warnings);
        phases = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(phases));
    }

    public ApplyReport(String cluster, boolean dryRun, List<Action> actions, List<String> warnings, int nodes, int servers,
                       Duration took, Map<String, Duration> phases) {
        this(cluster, dryRun, actions, warnings, nodes, servers, took, phases, "", 0);
    }

    public boolean changedNothing() {
        return actions.isEmpty() && deferred == 0;
    }
}
