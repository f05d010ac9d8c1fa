package dev.citusdeploy.apply;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.citusdeploy.CitusDeployException;
import dev.citusdeploy.Version;
import dev.citusdeploy.db.CitusAdmin;
import dev.citusdeploy.db.NodeDatabase;
import dev.citusdeploy.db.RunRecord;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.Node;
import dev.citusdeploy.report.Event;
import dev.citusdeploy.ssh.ServerSessions;
import java.io.IOException;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The audit trail of one run, kept on the cluster itself (citus_deploy.runs on the coordinator):
 * who ran what, with which inventory and plan, and each step's outcome and duration. Written when
 * the run starts (if the coordinator runs already) and again when it ends; the first apply's
 * record is written once the coordinator exists. A record that cannot be written is a warning,
 * never the run's failure.
 */
final class RunRecorder {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Inventory inventory;
    private final ServerSessions connections;
    private final NodeDatabase databases;
    private final java.util.function.Supplier<String> password;
    private final RunRecord started;
    private final List<Map<String, Object>> steps = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    /** {@code password}: the one the coordinator accepts when a record is written (it changes during rotate-password). */
    RunRecorder(Inventory inventory, ServerSessions connections, NodeDatabase databases, java.util.function.Supplier<String> password,
                String command,
                String planJson, int changes) {
        this.inventory = inventory;
        this.connections = connections;
        this.databases = databases;
        this.password = password;
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String id = ID_TIME.format(now) + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
        this.started = new RunRecord(id, now, null, ClusterLock.operator(), Version.current(), command,
                sha256(inventory), changes, planJson, "[]", RunRecord.RUNNING, "");
    }

    String runId() {
        return started.runId();
    }

    /** Passes events on, keeping each finished or failed step for the record. */
    Consumer<Event> observe(Consumer<Event> events) {
        return event -> {
            if (event.kind() == Event.Kind.FINISHED || event.kind() == Event.Kind.FAILED) {
                Map<String, Object> step = new LinkedHashMap<>();
                step.put("node", event.node());
                step.put("step", event.step());
                step.put("seconds", event.took().toMillis() / 1000.0);
                step.put("outcome", event.kind() == Event.Kind.FINISHED ? "done" : "failed");
                if (!event.error().isEmpty()) {
                    step.put("error", event.error());
                }
                synchronized (steps) {
                    steps.add(step);
                }
            }
            events.accept(event);
        };
    }

    /** The record of a run that starts on a running coordinator (outcome running). */
    void start() {
        write(started);
    }

    /** The final record: succeeded, or failed with the error's first line. */
    void finish(String error) {
        String stepsJson;
        synchronized (steps) {
            try {
                stepsJson = JSON.writeValueAsString(steps);
            } catch (IOException e) {
                stepsJson = "[]";
            }
        }
        write(new RunRecord(started.runId(), started.startedAt(), Instant.now().truncatedTo(ChronoUnit.MILLIS), started.operator(),
                started.version(), started.command(), started.inventorySha256(), started.changes(), started.planJson(), stepsJson,
                error == null ? RunRecord.SUCCEEDED : RunRecord.FAILED, error == null ? "" : error));
    }

    /**
     * Runs the work and records how it ended: succeeded, or failed with the error's first line
     * (the error then goes on to the caller).
     */
    void run(Runnable work) {
        try {
            work.run();
        } catch (CitusDeployException e) {
            finish(e.lines().get(0));
            throw e;
        } catch (RuntimeException e) {
            finish(String.valueOf(e.getMessage()));
            throw e;
        }
        finish(null);
    }

    /** Why a record could not be written (the coordinator down, ...), for the run's warnings. */
    List<String> warnings() {
        return warnings;
    }

    private void write(RunRecord run) {
        Node coordinator = inventory.coordinator();
        try (CitusAdmin admin = databases.open(inventory, coordinator, connections.of(coordinator.server()), password.get())) {
            admin.recordRun(run);
        } catch (CitusDeployException | IllegalArgumentException e) {
            warnings.add("run " + run.runId() + " could not be recorded in citus_deploy.runs on the coordinator: "
                    + (e instanceof CitusDeployException c ? c.lines().get(0) : e.getMessage()));
        }
    }

    private static String sha256(Inventory inventory) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(inventory.source())));
        } catch (IOException | NoSuchAlgorithmException e) {
            return "";
        }
    }
}
