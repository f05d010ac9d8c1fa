package dev.citusdeploy.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.citusdeploy.CitusDeployException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The inventory's postgresql section checked offline, against every supported major at once. */
class SettingsCheckTest {
    private static final String NODES = String.join("\n",
            "cluster: demo",
            "servers:",
            "  - name: db1",
            "    address: 192.0.2.1",
            "coordinator:",
            "  server: db1",
            "workers:",
            "  - server: db1",
            "    port: 5433",
            "    postgresql:",
            "      shared_preload_libraries: pg_stat_statements, auto_explain",
            "      auto_explain.log_analyze: on",
            "");

    private static Inventory load(String postgresql) {
        return new InventoryLoader().parse(Path.of("inv.yml"), NODES + postgresql);
    }

    private static List<String> problems(String postgresql) {
        return assertThrows(CitusDeployException.class, () -> load(postgresql)).lines();
    }

    @Test
    void whatPostgresqlAcceptsIsValid() {
        load(String.join("\n",
                "postgresql:",
                "  all:",
                "    shared_preload_libraries: pg_stat_statements",
                "    pg_stat_statements.max: 10000",
                "    work_mem: 1.5GB",
                "    synchronous_commit: yes",          // a spelling pg_settings does not list
                "    log_line_prefix: \"'%m [%p] '\"",  // postgresql.conf quotes
                "    search_path: \"''\"",              // the empty string, written on purpose
                "    datestyle: iso, mdy",              // DateStyle: names are case-insensitive
                "    wal_level: Logical",
                "    io_method: worker",                // PostgreSQL 18 only: fine before the major is known
                "    ssl_ecdh_curve: prime256v1",       // 15 to 17 only
                "    citus.shard_count: 64",
                "    citus.enable_ddl_propagation: on", // hidden from pg_settings
                "    columnar.compression: zstd",
                "  workers:",
                "    shared_preload_libraries: pg_stat_statements,auto_explain",
                "    auto_explain.log_min_duration: 250ms",
                ""));
    }

    @Test
    void everySettingProblemIsReportedWithItsLine() {
        assertEquals(List.of(
                "inv.yml:15: postgresql.all.sort_mem: is the old name of work_mem: write work_mem",
                "inv.yml:16: postgresql.all.block_size: cannot be set: PostgreSQL fixes it when it is built or when"
                        + " its data directory is created",
                "inv.yml:17: postgresql.all.search_path: is empty: for an empty string write \"''\"; to keep the"
                        + " default, leave the setting out",
                "inv.yml:18: postgresql.all.no_such_thing: unknown setting (no setting of PostgreSQL 15 to 18 has"
                        + " this name)",
                "inv.yml:19: postgresql.all.citus.zzz: unknown setting (no citus.* setting has this name)",
                "inv.yml:20: postgresql.all.ctius.shard_count: unknown setting (did you mean citus.shard_count?)",
                "inv.yml:21: postgresql.all.auto_explain.log_min_duration: unknown setting, unless auto_explain is in"
                        + " shared_preload_libraries (missing on coordinator)",
                "inv.yml:22: postgresql.all.pg_stat_statements.max: needs pg_stat_statements in"
                        + " shared_preload_libraries (missing on coordinator)",
                "inv.yml:23: postgresql.all.application_name: must be one line of text: no newline, tab or other"
                        + " control character",
                "inv.yml:25: postgresql.coordinator.citus.shard_count: \"many\" is not a valid value for"
                        + " citus.shard_count (an integer between 1 and 64000)"),
                problems(String.join("\n",
                        "postgresql:",
                        "  all:",
                        "    sort_mem: 4MB",
                        "    block_size: 8192",
                        "    search_path: \"\"",
                        "    no_such_thing: 1",
                        "    citus.zzz: 1",
                        "    ctius.shard_count: 1",
                        "    auto_explain.log_min_duration: 250ms",
                        "    pg_stat_statements.max: 10000",
                        "    application_name: \"a\\tb\"",
                        "  coordinator:",
                        "    citus.shard_count: many",
                        "")));
    }

    @Test
    void aNodesOwnPreloadListCountsForItsOwnSettingsOnly() {
        String coordinatorWithAutoExplainSetting = NODES.replace("coordinator:\n  server: db1\n",
                "coordinator:\n  server: db1\n  postgresql:\n    auto_explain.log_analyze: on\n");
        CitusDeployException error = assertThrows(CitusDeployException.class,
                () -> new InventoryLoader().parse(Path.of("inv.yml"), coordinatorWithAutoExplainSetting));
        assertEquals(List.of("inv.yml:8: coordinator.postgresql.auto_explain.log_analyze: unknown setting, unless"
                + " auto_explain is in shared_preload_libraries (missing on coordinator)"), error.lines());
    }
}
