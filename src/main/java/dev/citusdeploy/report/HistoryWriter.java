package dev.citusdeploy.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.citusdeploy.db.RunRecord;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The audit trail (citus_deploy.runs) as a table of runs, one run in detail, or JSON. */
public final class HistoryWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final String[] COLUMNS = {"RUN", "STARTED (UTC)", "DURATION", "OPERATOR", "COMMAND", "CHANGES", "OUTCOME"};

    private HistoryWriter() {
    }

    public static List<String> table(String cluster, List<RunRecord> runs) {
        if (runs.isEmpty()) {
            return List.of("No runs recorded for cluster " + cluster + " (citus_deploy.runs on the coordinator is empty or absent).");
        }
        List<String[]> rows = new ArrayList<>();
        for (RunRecord run : runs) {
            rows.add(new String[] {run.runId(), TIME.format(run.startedAt()), duration(run), run.operator(), run.command(),
                    Integer.toString(run.changes()), run.outcome()});
        }
        List<String> lines = new ArrayList<>(Table.render(COLUMNS, rows));
        lines.add(ReportWriter.plural(runs.size(), "run") + " of cluster " + cluster + ", newest first;"
                + " details: citus-deploy history INVENTORY RUN");
        return lines;
    }

    /** One run: who, when, outcome, then each step with its duration, then the plan's steps. */
    public static List<String> run(RunRecord run) {
        List<String> lines = new ArrayList<>();
        lines.add("Run " + run.runId() + ": citus-deploy " + run.command() + " by " + run.operator() + " (citus-deploy "
                + run.version() + ")");
        lines.add("started " + TIME.format(run.startedAt()) + " UTC"
                + (run.finishedAt() == null ? "" : ", finished " + TIME.format(run.finishedAt()) + " UTC (" + duration(run) + ")")
                + ": " + run.outcome() + (run.error().isEmpty() ? "" : ": " + run.error()));
        lines.add("inventory sha256 " + run.inventorySha256());
        JsonNode steps = parse(run.stepsJson());
        lines.add("steps (" + steps.size() + "):");
        for (JsonNode step : steps) {
            lines.add(String.format(Locale.ROOT, "  %-14s %s (%.1f s)%s", step.path("node").asText(), step.path("step").asText(),
                    step.path("seconds").asDouble(), step.path("outcome").asText().equals("failed")
                            ? " FAILED: " + step.path("error").asText() : ""));
        }
        JsonNode actions = parse(run.planJson()).path("actions");
        lines.add("plan (" + actions.size() + " changes):");
        for (JsonNode action : actions) {
            lines.add(String.format(Locale.ROOT, "  %-14s %s", action.path("node").asText(), action.path("action").asText()
                    + describe(action)));
        }
        return lines;
    }

    public static String json(List<RunRecord> runs) {
        ArrayNode array = JSON.createArrayNode();
        runs.forEach(run -> array.add(node(run)));
        return write(array);
    }

    public static String json(RunRecord run) {
        return write(node(run));
    }

    private static ObjectNode node(RunRecord run) {
        ObjectNode node = JSON.createObjectNode();
        node.put("run", run.runId());
        node.put("started", run.startedAt().toString());
        node.put("finished", run.finishedAt() == null ? null : run.finishedAt().toString());
        node.put("operator", run.operator());
        node.put("version", run.version());
        node.put("command", run.command());
        node.put("inventory_sha256", run.inventorySha256());
        node.put("changes", run.changes());
        node.put("outcome", run.outcome());
        node.put("error", run.error());
        node.set("steps", parse(run.stepsJson()));
        node.set("plan", parse(run.planJson()));
        return node;
    }

    /** A few words of an action's own fields: the path, the reason, the host. */
    private static String describe(JsonNode action) {
        for (String field : List.of("path", "reason", "host", "image", "container", "volume", "network")) {
            if (action.hasNonNull(field)) {
                return " " + action.get(field).asText() + (field.equals("host") ? ":" + action.path("port").asText() : "");
            }
        }
        return "";
    }

    private static String duration(RunRecord run) {
        if (run.finishedAt() == null) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.1f s", Duration.between(run.startedAt(), run.finishedAt()).toMillis() / 1000.0);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json == null || json.isBlank() ? "[]" : json);
        } catch (JsonProcessingException e) {
            return JSON.createArrayNode();
        }
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON trees always serialise", e);
        }
    }
}
