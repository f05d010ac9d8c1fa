package dev.citusdeploy.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.Server;
import dev.citusdeploy.plan.Action;
import dev.citusdeploy.plan.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A plan for people (per server: image checks, files with unified diffs of what changes, container
 * starts; then the database steps) and for programs (JSON). Secrets appear as their path only.
 */
public final class PlanWriter {
    /** Set up when JSON is asked for (an ObjectMapper costs start-up time a text report does not need). */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }
    private static final String DIFF_INDENT = "                 ";

    private PlanWriter() {
    }

    public static List<String> text(Inventory inventory, Plan plan, boolean diffs) {
        List<String> lines = new ArrayList<>();
        String scope = ReportWriter.plural(inventory.nodes().size(), "node") + " on "
                + ReportWriter.plural(inventory.usedServers().size(), "server");
        if (plan.isEmpty()) {
            plan.warnings().forEach(w -> lines.add("warning: " + w));
            lines.add("No changes: cluster " + inventory.cluster() + " matches the inventory (" + scope + ").");
            return lines;
        }
        lines.add("Plan for cluster " + inventory.cluster() + " (" + scope + "):");
        boolean scaleIn = plan.actions().stream().anyMatch(PlanWriter::isScaleInStep);
        for (Server server : inventory.usedServers()) {
            List<Action> mine = plan.actions().stream().filter(PlanWriter::isHostStep)
                    .filter(a -> !(scaleIn && (a instanceof Action.RemoveContainer || a instanceof Action.DeleteData)))
                    .filter(a -> a.node().equals(server.name()) || onServer(inventory, a.node(), server)).toList();
            if (!mine.isEmpty()) {
                lines.add("server " + server.name());
                mine.forEach(a -> addAction(lines, a, diffs));
            }
        }
        List<Action> database = plan.actions().stream().filter(a -> !isHostStep(a) && !(a instanceof Action.RestartNode)
                && !isMoveStep(a)).toList();
        if (!database.isEmpty()) {
            lines.add("database");
            database.forEach(a -> addAction(lines, a, diffs));
        }
        if (scaleIn) {
            lines.add("scale-in (drained before removed; then the others drop them from pg_hba.conf and their password files)");
            plan.actions().stream().filter(a -> isScaleInStep(a) || a instanceof Action.RemoveContainer
                    || a instanceof Action.DeleteData).forEach(a -> addAction(lines, a, diffs));
        }
        List<Action> rebalance = plan.actions().stream().filter(a -> a instanceof Action.Rebalance).toList();
        if (!rebalance.isEmpty()) {
            lines.add("rebalance (Citus' background job, followed with progress)");
            rebalance.forEach(a -> addAction(lines, a, diffs));
        }
        List<Action> restarts = plan.actions().stream().filter(a -> a instanceof Action.RestartNode).toList();
        if (!restarts.isEmpty()) {
            lines.add("rolling restart (one node at a time, the coordinator last; each waits until the cluster is healthy)");
            restarts.forEach(a -> addAction(lines, a, diffs));
        }
        plan.warnings().forEach(w -> lines.add("warning: " + w));
        lines.add(ReportWriter.plural(plan.actions().size(), "change") + " planned for cluster " + inventory.cluster() + ".");
        return lines;
    }

    public static String json(Inventory inventory, Plan plan) {
        try {
            return Json.MAPPER.writeValueAsString(new PlanJson(inventory.cluster(), plan.actions().size(), plan.actions(),
                    plan.warnings()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a plan is always serialisable", e);
        }
    }

    private record PlanJson(String cluster, int changes, List<Action> actions, List<String> warnings) {
    }

    private static boolean isScaleInStep(Action action) {
        return action instanceof Action.DisallowShards || action instanceof Action.DrainWorkers || action instanceof Action.RemoveWorker;
    }

    private static boolean isMoveStep(Action action) {
        return isScaleInStep(action) || action instanceof Action.Rebalance;
    }

    private static boolean isHostStep(Action action) {
        return action instanceof Action.CheckImage || action instanceof Action.UploadFile || action instanceof Action.StartNode
                || action instanceof Action.RefreshCredentials
                || action instanceof Action.RemoveContainer || action instanceof Action.DeleteData
                || action instanceof Action.RemoveNetwork;
    }

    private static boolean onServer(Inventory inventory, String node, Server server) {
        return inventory.nodes().stream().anyMatch(n -> n.name().equals(node) && n.server().equals(server.name()));
    }

    private static void addAction(List<String> lines, Action action, boolean diffs) {
        lines.add(ReportWriter.progressLine(action));
        if (diffs && action instanceof Action.UploadFile upload && upload.before() != null && upload.after() != null) {
            diff(upload).forEach(line -> lines.add(DIFF_INDENT + line));
        }
    }

    /** A unified diff of the server's copy and the new file, 3 lines of context. */
    static List<String> diff(Action.UploadFile upload) {
        List<String> before = upload.before().lines().toList();
        List<String> after = upload.after().lines().toList();
        return UnifiedDiffUtils.generateUnifiedDiff(String.format(Locale.ROOT, "%s (on %s)", upload.path(), upload.server()),
                upload.path() + " (new)", before, DiffUtils.diff(before, after), 3);
    }
}
