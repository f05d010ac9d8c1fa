package dev.citusdeploy.report;

import dev.citusdeploy.facts.StatusReport;
import dev.citusdeploy.facts.NodeStatus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.citusdeploy.plan.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Text and JSON renderings of the reports. No secrets ever reach these. */
public final class ReportWriter {
    /** Set up when JSON is asked for (an ObjectMapper costs start-up time a text report does not need). */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

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
            lines.add(plural(report.actions().size(), "change") + " planned for cluster " + report.cluster() + " (" + scope + ").");
        } else {
            String waiting = report.deferred() == 0 ? "" : "; " + plural(report.deferred(), "change") + " left for later (--no-restart)";
            lines.add("Applied " + plural(report.actions().size(), "change") + " to cluster " + report.cluster() + " (" + scope
                    + ") in " + took + phases(report) + waiting + (report.runId().isEmpty() ? "" : "; run " + report.runId()) + ".");
        }
        return lines;
    }

    private static final String[] STATUS_COLUMNS = {"NODE", "ROLE", "SERVER", "ADDRESS", "CONTAINER", "POSTGRES", "CITUS",
            "PG_DIST_NODE", "SHARDS", "SIZE"};

    /** An aligned table (picocli's TextTable), then the problems, the shard skew and a verdict. */
    public static List<String> statusText(StatusReport report) {
        List<String[]> rows = new ArrayList<>();
        for (NodeStatus node : report.nodes()) {
            boolean worker = !node.role().equals("coordinator");
            rows.add(new String[] {node.node(), node.role(), node.server(), node.address() + ":" + node.port(), node.container(),
                    node.reachable() ? "ok" : "DOWN", citusShort(node.citus()), registration(node),
                    worker && node.registered() ? Integer.toString(node.shards()) : "-",
                    worker && node.registered() ? Bytes.human(node.bytes()) : "-"});
        }
        List<String> lines = new ArrayList<>(Table.render(STATUS_COLUMNS, rows));
        for (NodeStatus node : report.nodes()) {
            if (!node.error().isEmpty() && !report.problems().contains(node.error())) {
                lines.add("problem: node " + node.node() + ": " + node.error());
            }
        }
        for (NodeStatus node : report.nodes()) {
            if (node.composeOutdated()) {
                lines.add("waiting: node " + node.node() + " runs a container created from an older compose file than the one on"
                        + " its server (citus-deploy apply recreates it, one node at a time)");
            }
            if (!node.pendingRestart().isEmpty()) {
                lines.add("waiting: node " + node.node() + " runs with old values of " + String.join(", ", node.pendingRestart())
                        + " until it restarts (citus-deploy apply restarts it, one node at a time)");
            }
            if (node.opensOnApply()) {
                lines.add("waiting: node " + node.node() + " takes no new shards since a scale-in closed it (citus-deploy apply"
                        + " opens it again)");
            } else if (node.closedToShards()) {
                lines.add("closed: node " + node.node() + " takes no new shards (shouldhaveshards = false, not set by citus-deploy;"
                        + " apply leaves it so)");
            }
        }
        report.unknownNodes().forEach(u -> lines.add("unknown: pg_dist_node lists " + u + ", which the inventory does not"));
        report.findings().forEach(f -> lines.add("finding: " + f + " (SELECT * FROM citus_rebalance_status(); on the coordinator;"
                + " apply starts the moves it still needs again)"));
        report.problems().forEach(p -> lines.add("problem: " + p));
        skew(report).ifPresent(lines::add);
        lines.add(report.healthy() ? "Cluster " + report.cluster() + " matches the inventory."
                : "Cluster " + report.cluster() + " does not match the inventory (see above).");
        return lines;
    }

    /** {@code shards: 32 on 2 workers, 16 to 16 (skew 0%), 1.2 GB to 1.3 GB}: how even the workers are. */
    private static java.util.Optional<String> skew(StatusReport report) {
        List<NodeStatus> workers = report.nodes().stream()
                .filter(n -> !n.role().equals("coordinator") && n.registered()).toList();
        int total = workers.stream().mapToInt(NodeStatus::shards).sum();
        if (workers.size() < 2 || total == 0) {
            return java.util.Optional.empty();
        }
        int min = workers.stream().mapToInt(NodeStatus::shards).min().orElse(0);
        int max = workers.stream().mapToInt(NodeStatus::shards).max().orElse(0);
        long minBytes = workers.stream().mapToLong(NodeStatus::bytes).min().orElse(0);
        long maxBytes = workers.stream().mapToLong(NodeStatus::bytes).max().orElse(0);
        long skew = Math.round(100.0 * (max - min) / ((double) total / workers.size()));
        return java.util.Optional.of(String.format(Locale.ROOT, "shards: %d on %d workers, %d to %d per worker (skew %d%%), %s to %s",
                total, workers.size(), min, max, skew, Bytes.human(minBytes), Bytes.human(maxBytes)));
    }

    public static String statusJson(StatusReport report) {
        try {
            return Json.MAPPER.writeValueAsString(new StatusJson(report.cluster(), report.healthy(), report.nodes(),
                    report.unknownNodes(), report.problems(), report.findings()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("status is always serialisable", e);
        }
    }

    private record StatusJson(String cluster, boolean healthy, List<NodeStatus> nodes, List<String> unknownNodes,
                              List<String> problems, List<String> findings) {
    }

    /** {@code  (facts 1.1 s, checks 0.3 s, servers 7.0 s, database 1.7 s)}. */
    private static String phases(ApplyReport report) {
        if (report.phases().isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        report.phases().forEach((phase, took) -> parts.add(String.format(Locale.ROOT, "%s %.1f s", phase, took.toMillis() / 1000.0)));
        return " (" + String.join(", ", parts) + ")";
    }

    public static String plural(int count, String noun) {
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
