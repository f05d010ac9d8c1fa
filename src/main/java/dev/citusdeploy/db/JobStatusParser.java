package dev.citusdeploy.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads citus_job_status()'s details: {"task_state_counts": {...}, "tasks": [...]}. */
final class JobStatusParser {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JobStatusParser() {
    }

    static JobStatus parse(long jobId, String state, String details) {
        try {
            JsonNode root = details == null ? JSON.createObjectNode() : JSON.readTree(details);
            Map<String, Integer> counts = new LinkedHashMap<>();
            root.path("task_state_counts").fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asInt()));
            List<String> moving = new ArrayList<>();
            List<String> errors = new ArrayList<>();
            for (JsonNode task : root.path("tasks")) {
                String message = task.path("message").asText("").strip();
                if (task.path("state").asText().equals("running") && task.has("hosts")) {
                    moving.add(task.path("hosts").path("source").asText() + " -> " + task.path("hosts").path("target").asText()
                            + " (" + task.path("size").path("source").asText() + ")");
                } else if (!message.isEmpty()) {
                    errors.add("task " + task.path("task_id").asText() + ": " + firstLine(message));
                }
            }
            return new JobStatus(jobId, state, counts, moving, errors);
        } catch (IOException e) {
            throw new UncheckedIOException("citus_job_status() details are not JSON: " + details, e);
        }
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
