package dev.citusdeploy.db;

import java.time.Instant;

/**
 * One citus-deploy run that changed (or set out to change) the cluster, as kept on the
 * coordinator in {@code citus_deploy.runs}. No secret: the plan is the JSON that {@code plan -o
 * json} prints (a secret file is its path and SHA-256).
 *
 * @param finishedAt null while the run is (or was, when it died) running
 * @param planJson   the plan as JSON
 * @param stepsJson  each step's outcome and duration as JSON
 * @param outcome    running, succeeded, failed, or interrupted (the run died; found by a later run)
 * @param error      the failure's first line, "" when none
 */
public record RunRecord(String runId, Instant startedAt, Instant finishedAt, String operator, String version, String command,
                        String inventorySha256, int changes, String planJson, String stepsJson, String outcome, String error) {
    public static final String RUNNING = "running";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String INTERRUPTED = "interrupted";
}
