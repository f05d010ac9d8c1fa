package dev.citusdeploy.db;

import dev.citusdeploy.CitusDeployException;
import dev.citusdeploy.ExitCode;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/** {@link CitusAdmin} over one JDBC connection (usually through an SSH tunnel). */
public final class JdbcCitusAdmin implements CitusAdmin {
    private static final java.time.Duration RELOAD_WAIT = java.time.Duration.ofSeconds(10);
    /** The longest any statement of ours may run (long work runs as Citus background jobs, polled). */
    /** How citus-deploy's sessions show in pg_stat_activity. */
    static final String APPLICATION_NAME = "citus-deploy";
    static final java.time.Duration STATEMENT_TIMEOUT = java.time.Duration.ofMinutes(5);
    /** A statement waiting longer for a lock fails with PostgreSQL's own message. */
    static final java.time.Duration LOCK_TIMEOUT = java.time.Duration.ofSeconds(60);
    private final String node;
    private final Connection connection;
    private final Sql sql;

    private JdbcCitusAdmin(String node, Connection connection, SqlLog log) {
        this.node = node;
        this.connection = connection;
        this.sql = new Sql(connection, node, log);
    }

    /**
     * Connects to a node. The password goes in the connection properties, never in the URL, so it
     * cannot appear in an error message. {@code applicationName}: how the session shows in
     * pg_stat_activity ({@link #APPLICATION_NAME}, or that and " status" for status' sessions).
     */
    public static JdbcCitusAdmin connect(String node, String host, int port, String database, String user, String password,
                                         SqlLog log, String applicationName) {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        // Bounded everywhere: connecting, each statement, each lock wait, and a silent socket (a
        // frozen server or tunnel) a little after the longest statement may run.
        properties.setProperty("connectTimeout", "15");
        properties.setProperty("loginTimeout", "20");
        properties.setProperty("socketTimeout", Long.toString(STATEMENT_TIMEOUT.toSeconds() + 30));
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("options", "-c statement_timeout=" + STATEMENT_TIMEOUT.toMillis()
                + " -c lock_timeout=" + LOCK_TIMEOUT.toMillis());
        properties.setProperty("ApplicationName", applicationName);
        // Inside an SSH tunnel (or to this machine's loopback): TLS would add nothing but a
        // round trip and the JDK's TLS stack at start-up.
        properties.setProperty("sslmode", "disable");
        String url = "jdbc:postgresql://" + host + ":" + port + "/" + database;
        try {
            return new JdbcCitusAdmin(node, DriverManager.getConnection(url, properties), log);
        } catch (SQLException e) {
            throw DatabaseFailure.connecting(node, user, e);
        }
    }

    @Override
    public boolean citusAvailable() {
        return call("checking for the citus extension", () ->
                !sql.query("SELECT 1 FROM pg_available_extensions WHERE name = 'citus'", row -> 1).isEmpty());
    }

    @Override
    public Optional<String> installedCitusVersion() {
        return call("reading pg_extension", () ->
                sql.query("SELECT extversion FROM pg_extension WHERE extname = 'citus'", row -> row.getString(1))
                        .stream().findFirst());
    }

    @Override
    public void createCitusExtension() {
        run("CREATE EXTENSION citus", () -> sql.execute("CREATE EXTENSION IF NOT EXISTS citus"));
    }

    @Override
    public String citusVersion() {
        return call("citus_version()", () -> sql.query("SELECT citus_version()", row -> row.getString(1)).get(0));
    }

    @Override
    public List<DistNode> distNodes() {
        return call("reading pg_dist_node", () -> sql.query(
                "SELECT nodeid, groupid, nodename, nodeport, noderole::text, isactive, shouldhaveshards"
                        + " FROM pg_dist_node ORDER BY nodeid",
                row -> new DistNode(row.getInt(1), row.getInt(2), row.getString(3), row.getInt(4), row.getString(5),
                        row.getBoolean(6), row.getBoolean(7))));
    }

    @Override
    public void setCoordinatorHost(String host, int port) {
        run("citus_set_coordinator_host", () ->
                sql.query("SELECT citus_set_coordinator_host(?, ?)", row -> 1, host, port));
    }

    @Override
    public int addNode(String host, int port) {
        return call("citus_add_node(" + host + ", " + port + ")", () ->
                sql.query("SELECT citus_add_node(?, ?)", row -> row.getInt(1), host, port).get(0));
    }

    @Override
    public void activateNode(String host, int port) {
        run("citus_activate_node(" + host + ", " + port + ")", () ->
                sql.query("SELECT citus_activate_node(?, ?)", row -> 1, host, port));
    }

    /** Polled, never waited on in one statement (a long wait would meet statement_timeout, citus#7896). */
    @Override
    public JobStatus jobStatus(long jobId) {
        return call("reading the status of job " + jobId, () -> sql.query(
                "SELECT state::text, details::text FROM citus_job_status(?)",
                row -> JobStatusParser.parse(jobId, row.getString(1), row.getString(2)), jobId)).stream().findFirst()
                .orElseThrow(() -> new CitusDeployException(ExitCode.REMOTE_FAILURE, "node " + node + ": there is no job " + jobId));
    }

    @Override
    public List<NodeShards> shardsPerNode() {
        return call("reading citus_shards", () -> sql.query("SELECT nodename, nodeport, count(*), coalesce(sum(shard_size), 0)"
                + " FROM citus_shards GROUP BY nodename, nodeport ORDER BY nodename, nodeport",
                row -> new NodeShards(row.getString(1), row.getInt(2), row.getInt(3), row.getLong(4))));
    }

    @Override
    public java.util.Map<String, String> settingContexts() {
        java.util.Map<String, String> contexts = new java.util.HashMap<>();
        call("reading pg_settings", () -> sql.query("SELECT name, context FROM pg_settings",
                // Keyed in lower case: setting names are case-insensitive (the files say timezone, pg_settings TimeZone).
                row -> contexts.put(row.getString(1).toLowerCase(java.util.Locale.ROOT), row.getString(2))));
        return contexts;
    }

    @Override
    public List<String> configurationErrors() {
        List<String> errors = new java.util.ArrayList<>(call("reading pg_file_settings", () -> sql.query(
                "SELECT f.sourcefile, f.sourceline, coalesce(f.name, ''), f.error FROM pg_file_settings f"
                        + " LEFT JOIN pg_settings s ON s.name = f.name WHERE f.error IS NOT NULL"
                        + " AND NOT (f.error = 'setting could not be applied' AND s.context = 'postmaster')"
                        + " ORDER BY f.sourcefile, f.sourceline",
                row -> fileName(row.getString(1)) + " line " + row.getInt(2)
                        + (row.getString(3).isEmpty() ? "" : ": " + row.getString(3)) + ": " + row.getString(4))));
        errors.addAll(call("reading pg_hba_file_rules", () -> sql.query(
                // file_name exists from PostgreSQL 16 on; citus-deploy writes one pg_hba.conf without includes.
                "SELECT line_number, error FROM pg_hba_file_rules WHERE error IS NOT NULL ORDER BY line_number",
                row -> "pg_hba.conf line " + row.getInt(1) + ": " + row.getString(2))));
        return errors;
    }

    private static String fileName(String path) {
        return path == null ? "configuration" : path.substring(path.lastIndexOf('/') + 1);
    }

    private static final String RUN_COLUMNS = "run_id, started_at, finished_at, operator, version, command, inventory_sha256,"
            + " changes, plan::text, steps::text, outcome, error";

    @Override
    public void recordRun(RunRecord run) {
        run("recording run " + run.runId() + " in citus_deploy.runs", () -> {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                // A local table on the coordinator: Citus must not propagate the schema to the workers.
                sql.execute("SET LOCAL citus.enable_ddl_propagation TO off");
                sql.execute("CREATE SCHEMA IF NOT EXISTS citus_deploy");
                sql.execute("CREATE TABLE IF NOT EXISTS citus_deploy.runs (run_id text PRIMARY KEY,"
                        + " started_at timestamptz NOT NULL, finished_at timestamptz, operator text NOT NULL,"
                        + " version text NOT NULL, command text NOT NULL, inventory_sha256 text NOT NULL,"
                        + " changes integer NOT NULL, plan jsonb NOT NULL, steps jsonb NOT NULL, outcome text NOT NULL,"
                        + " error text NOT NULL DEFAULT '')");
                if (run.outcome().equals(RunRecord.RUNNING)) {
                    sql.execute("UPDATE citus_deploy.runs SET outcome = 'interrupted' WHERE outcome = 'running' AND run_id <> ?",
                            run.runId());
                }
                sql.execute("INSERT INTO citus_deploy.runs (" + RUN_COLUMNS.replace("::text", "") + ")"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?) ON CONFLICT (run_id) DO UPDATE SET"
                        + " finished_at = excluded.finished_at, steps = excluded.steps, outcome = excluded.outcome,"
                        + " error = excluded.error",
                        run.runId(), java.sql.Timestamp.from(run.startedAt()),
                        run.finishedAt() == null ? null : java.sql.Timestamp.from(run.finishedAt()), run.operator(),
                        run.version(), run.command(), run.inventorySha256(), run.changes(), run.planJson(), run.stepsJson(),
                        run.outcome(), run.error());
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        });
    }

    @Override
    public List<RunRecord> runs(int limit) {
        return call("reading citus_deploy.runs", () -> {
            boolean exists = sql.query("SELECT to_regclass('citus_deploy.runs') IS NOT NULL", row -> row.getBoolean(1)).get(0);
            if (!exists) {
                return List.of();
            }
            return sql.query("SELECT " + RUN_COLUMNS + " FROM citus_deploy.runs ORDER BY started_at DESC, run_id DESC LIMIT ?",
                    row -> new RunRecord(row.getString(1), row.getTimestamp(2).toInstant(),
                            row.getTimestamp(3) == null ? null : row.getTimestamp(3).toInstant(), row.getString(4),
                            row.getString(5), row.getString(6), row.getString(7), row.getInt(8), row.getString(9),
                            row.getString(10), row.getString(11), row.getString(12)), limit);
        });
    }

    @Override
    public void setPassword(String user, String password) {
        run("changing the password of role " + user, () -> {
            sql.execute("SET citus.enable_alter_role_propagation TO off");
            try {
                connection.unwrap(org.postgresql.PGConnection.class).alterUserPassword(user, password.toCharArray(), "scram-sha-256");
            } finally {
                sql.execute("RESET citus.enable_alter_role_propagation");
            }
        });
    }

    @Override
    public List<NodeShards> distributedShardsPerNode() {
        return call("reading citus_shards", () -> sql.query("SELECT nodename, nodeport, count(*), coalesce(sum(shard_size), 0)"
                + " FROM citus_shards WHERE citus_table_type <> 'reference' GROUP BY nodename, nodeport ORDER BY nodename, nodeport",
                row -> new NodeShards(row.getString(1), row.getInt(2), row.getInt(3), row.getLong(4))));
    }

    @Override
    public List<Long> activeJobs() {
        return call("reading pg_dist_background_job", () -> sql.query("SELECT job_id FROM pg_dist_background_job"
                + " WHERE state IN ('scheduled', 'running', 'cancelling', 'failing') ORDER BY job_id", row -> row.getLong(1)));
    }

    @Override
    public List<String> tablesWithoutReplicaIdentity() {
        return call("reading the replica identity of distributed tables", () -> sql.query(
                "SELECT p.logicalrelid::regclass::text FROM pg_dist_partition p JOIN pg_class c ON c.oid = p.logicalrelid"
                        + " WHERE p.partmethod <> 'n' AND (c.relreplident = 'n' OR (c.relreplident = 'd' AND NOT EXISTS"
                        + " (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary))) ORDER BY 1",
                row -> row.getString(1)));
    }

    @Override
    public void setShouldHaveShards(String host, int port, boolean value) {
        run("citus_set_node_property(" + host + ":" + port + ", shouldhaveshards)", () -> sql.query(
                "SELECT citus_set_node_property(?, ?, 'shouldhaveshards', ?)", row -> 1, host, port, value));
    }

    @Override
    public Optional<Long> startDrain(String transferMode) {
        return startJob("citus_rebalance_start(drain_only => true)",
                "SELECT citus_rebalance_start(drain_only => true, shard_transfer_mode => ?::citus.shard_transfer_mode)", transferMode);
    }

    @Override
    public List<NodeShards> placementsPerWorker() {
        return call("reading pg_dist_placement", () -> sql.query("SELECT n.nodename, n.nodeport, count(p.placementid)"
                + " FROM pg_dist_node n LEFT JOIN (pg_dist_placement p JOIN pg_dist_shard s ON s.shardid = p.shardid"
                + " JOIN pg_dist_partition t ON t.logicalrelid = s.logicalrelid AND t.partmethod <> 'n')"
                + " ON p.groupid = n.groupid WHERE n.groupid <> 0 GROUP BY n.nodename, n.nodeport ORDER BY 1, 2",
                row -> new NodeShards(row.getString(1), row.getInt(2), row.getInt(3), 0)));
    }

    @Override
    public long[] rebalanceMoves() {
        return call("get_rebalance_table_shards_plan()", () -> sql.query("SELECT count(*), coalesce(sum(s.shard_size), 0)"
                + " FROM get_rebalance_table_shards_plan() p LEFT JOIN citus_shards s ON s.shardid = p.shardid"
                + " AND s.nodename = p.sourcename AND s.nodeport = p.sourceport",
                row -> new long[] {row.getLong(1), row.getLong(2)}).get(0));
    }

    @Override
    public Optional<Long> startRebalance(String transferMode) {
        return startJob("citus_rebalance_start()",
                "SELECT citus_rebalance_start(shard_transfer_mode => ?::citus.shard_transfer_mode)", transferMode);
    }

    /** A statement that starts a Citus background job: its id, empty when Citus had nothing to do. */
    private Optional<Long> startJob(String what, String statement, Object... parameters) {
        return call(what, () -> {
            List<Long> job = sql.query(statement, row -> {
                long id = row.getLong(1);
                return row.wasNull() ? null : id;
            }, parameters);
            return job.isEmpty() ? Optional.<Long>empty() : Optional.ofNullable(job.get(0));
        });
    }

    @Override
    public List<String> closedByCitusDeploy() {
        return call("reading citus_deploy.runs", () -> {
            if (!sql.query("SELECT to_regclass('citus_deploy.runs') IS NOT NULL", row -> row.getBoolean(1)).get(0)) {
                return List.<String>of();
            }
            return sql.query("SELECT host || ':' || port FROM (SELECT DISTINCT ON (a->>'host', a->>'port') a->>'host' AS host,"
                    + " a->>'port' AS port, a->>'action' AS action FROM citus_deploy.runs r"
                    + " CROSS JOIN LATERAL jsonb_array_elements(r.plan->'actions') a"
                    + " WHERE a->>'action' IN ('disallow-shards', 'allow-shards')"
                    + " ORDER BY a->>'host', a->>'port', r.started_at DESC) last WHERE action = 'disallow-shards'",
                    row -> row.getString(1));
        });
    }

    @Override
    public List<RunningStatement> othersRunning() {
        return call("reading pg_stat_activity", () -> sql.query("SELECT pid, extract(epoch FROM clock_timestamp() - query_start)::float8,"
                + " coalesce(query, '') FROM pg_stat_activity WHERE application_name = ? AND pid <> pg_backend_pid()"
                + " AND state IS NOT NULL AND state <> 'idle' ORDER BY query_start",
                row -> new RunningStatement(row.getInt(1), row.getDouble(2), row.getString(3)), APPLICATION_NAME));
    }

    @Override
    public int ownDistNodeRows() {
        return call("reading pg_dist_node", () -> sql.query("SELECT count(*) FROM pg_dist_node", row -> row.getInt(1)).get(0));
    }

    @Override
    public int localGroup() {
        return call("reading pg_dist_local_group", () -> sql.query("SELECT groupid FROM pg_dist_local_group",
                row -> row.getInt(1)).stream().findFirst().orElse(-1));
    }

    @Override
    public void updateNode(int nodeId, String host, int port) {
        run("citus_update_node(" + nodeId + ")", () -> sql.query("SELECT citus_update_node(?, ?, ?)", row -> 1, nodeId, host, port));
    }

    @Override
    public List<String> jobFindings() {
        return call("reading pg_dist_background_job", () -> sql.query("SELECT j.job_id, j.state::text, coalesce(j.description, ''),"
                + " coalesce((SELECT t.message FROM pg_dist_background_task t WHERE t.job_id = j.job_id AND t.message <> ''"
                + " ORDER BY t.task_id DESC LIMIT 1), '')"
                + " FROM pg_dist_background_job j WHERE j.state IN ('failed', 'failing', 'cancelling', 'cancelled')"
                + " AND coalesce(j.finished_at, now()) > now() - interval '7 days'"
                + " OR j.state IN ('running', 'scheduled') AND EXISTS (SELECT 1 FROM pg_dist_background_task t"
                + " WHERE t.job_id = j.job_id AND t.message <> '' AND t.status IN ('runnable', 'running', 'error'))"
                + " ORDER BY j.job_id DESC LIMIT 5",
                row -> "background job " + row.getLong(1) + " (" + row.getString(3) + ") " + row.getString(2)
                        + (row.getString(4).isBlank() ? "" : ": " + row.getString(4).strip().lines().findFirst().orElse(""))));
    }

    @Override
    public void cleanupOrphanedResources() {
        run("citus_cleanup_orphaned_resources()", () -> sql.execute("CALL citus_cleanup_orphaned_resources()"));
    }

    @Override
    public void removeNode(String host, int port) {
        run("citus_remove_node(" + host + ":" + port + ")", () -> sql.query("SELECT citus_remove_node(?, ?)", row -> 1, host, port));
    }

    @Override
    public boolean reloadNeeded() {
        return call("comparing the configuration files with pg_conf_load_time()", () -> sql.query(
                "SELECT coalesce((SELECT modification FROM pg_stat_file(current_setting('config_file'))) > pg_conf_load_time(), false)"
                        + " OR coalesce((SELECT modification FROM pg_stat_file(current_setting('hba_file'))) > pg_conf_load_time(), false)",
                row -> row.getBoolean(1))).get(0);
    }

    @Override
    public boolean clusterHealthy() {
        return call("running citus_check_cluster_node_health()", () -> sql.query(
                "SELECT coalesce(bool_and(coalesce(result, false)), false) FROM citus_check_cluster_node_health()",
                row -> row.getBoolean(1))).get(0);
    }

    @Override
    public List<String> pendingRestart() {
        // pending_restart is set only once the server has re-read its files; pg_file_settings reads
        // them now, so a restart-only setting changed on disk but not reloaded yet counts too.
        return call("reading pg_settings", () -> sql.query("SELECT name FROM pg_settings WHERE pending_restart"
                + " UNION SELECT f.name FROM pg_file_settings f JOIN pg_settings s ON s.name = f.name"
                + " WHERE f.error = 'setting could not be applied' AND s.context = 'postmaster' ORDER BY 1",
                row -> row.getString(1)));
    }

    /**
     * pg_reload_conf() only signals the server; this session's view of the settings (and so
     * pending_restart) is right only once it has processed the reload itself, which it does
     * between statements: wait, bounded, until its pg_conf_load_time() moves past the one before.
     */
    @Override
    public void reloadConfiguration() {
        String before = call("reading pg_conf_load_time()",
                () -> sql.query("SELECT pg_conf_load_time()::text", row -> row.getString(1))).get(0);
        run("pg_reload_conf()", () -> sql.query("SELECT pg_reload_conf()", row -> 1));
        long deadline = System.nanoTime() + RELOAD_WAIT.toNanos();
        while (!call("reading pg_conf_load_time()", () -> sql.query(
                "SELECT pg_conf_load_time() > ?::timestamptz", row -> row.getBoolean(1), before)).get(0)) {
            if (System.nanoTime() > deadline) {
                throw new CitusDeployException(ExitCode.REMOTE_FAILURE, "node " + node
                        + ": the server did not apply pg_reload_conf() within " + RELOAD_WAIT.toSeconds() + " s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CitusDeployException(ExitCode.INTERNAL, "node " + node + ": interrupted while waiting for the reload", e);
            }
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // the session is over either way
        }
    }

    private interface Step<T> {
        T get() throws SQLException;
    }

    private interface VoidStep {
        void run() throws SQLException;
    }

    private <T> T call(String what, Step<T> step) {
        try {
            return step.get();
        } catch (SQLException e) {
            throw DatabaseFailure.of(node, what, e);
        }
    }

    private void run(String what, VoidStep step) {
        call(what, () -> {
            step.run();
            return null;
        });
    }

}
