package dev.citusdeploy.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.citusdeploy.apply.ApplyReport;
import dev.citusdeploy.apply.NodeStatus;
import dev.citusdeploy.apply.StatusReport;
import dev.citusdeploy.plan.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Text and JSON renderings of the reports. No secrets ever reach these. */
public final class ReportWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportWriter() {
    }

    /** One progress line per action: {@code worker1   create /opt/citus-deploy/demo/worker1/compose.yaml}. */
    public static String progressLine(Action action) {
        return String.format(Locale.ROOT, "  %-14s %s", action.node(), action.describe());
    }

    public static List<String> apply(ApplyReport report) {
        List<String> lines = new ArrayList<>();
        if (report.dryRun()) {
            lines.add("Plan for cluster " + report.cluster() + " (dry run, nothing changed):");
            report.actions().forEach(a -> lines.add(progressLine(a)));
        }
        report.warnings().forEach(w -> lines.add("warning: " + w));
        String scope = plural(report.nodes(), "node") + " on " + plural(report.servers(), "server");
        String took = String.format(Locale.ROOT, "%.1f s", report.took().toMillis() / 1000.0);
        if (report.changedNothing()) {
            lines.add("No changes: cluster " + report.cluster() + " already matches the inventory (" + scope + ", checked in "
                    + took + ").");
        } else if (report.dryRun()) {
            lines.add(report.actions().size() + " changes planned for cluster " + report.cluster() + " (" + scope + ").");
        } else {
            lines.add("Applied " + report.actions().size() + " changes to cluster " + report.cluster() + " (" + scope
                    + ") in " + took + ".");
        }
        return lines;
    }

    public static List<String> statusText(StatusReport report) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%-14s %-11s %-12s %-22s %-20s %-10s %-8s %s",
                "NODE", "ROLE", "SERVER", "ADDRESS", "CONTAINER", "POSTGRES", "CITUS", "PG_DIST_NODE"));
        for (NodeStatus node : report.nodes()) {
            lines.add(String.format(Locale.ROOT, "%-14s %-11s %-12s %-22s %-20s %-10s %-8s %s",
                    node.node(), node.role(), node.server(), node.address() + ":" + node.port(), node.container(),
                    node.reachable() ? "ok" : "DOWN", citusShort(node.citus()), registration(node)));
        }
        for (NodeStatus node : report.nodes()) {
            if (!node.error().isEmpty()) {
                lines.add("problem: node " + node.node() + ": " + node.error());
            }
        }
        report.unknownNodes().forEach(u -> lines.add("unknown: pg_dist_node lists " + u + ", which the inventory does not"));
        report.problems().forEach(p -> lines.add("problem: " + p));
        lines.add(report.healthy() ? "Cluster " + report.cluster() + " matches the inventory."
                : "Cluster " + report.cluster() + " does not match the inventory (see above).");
        return lines;
    }

    public static String statusJson(StatusReport report) {
        try {
            return JSON.writeValueAsString(new StatusJson(report.cluster(), report.healthy(), report.nodes(),
                    report.unknownNodes(), report.problems()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("status is always serialisable", e);
        }
    }

    private record StatusJson(String cluster, boolean healthy, List<NodeStatus> nodes, List<String> unknownNodes,
                              List<String> problems) {
    }

    static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    private static String registration(NodeStatus node) {
        if (!node.registered()) {
            return "not registered";
        }
        return node.active() ? "registered, active" : "registered, INACTIVE";
    }

    /** "Citus 13.2.2 on x86_64..." -> "13.2.2". */
    private static String citusShort(String version) {
        if (version.isEmpty()) {
            return "-";
        }
        String[] words = version.split(" ");
        return words.length > 1 ? words[1] : version;
    }
}
