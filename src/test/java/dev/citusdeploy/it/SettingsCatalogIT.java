package dev.citusdeploy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.citusdeploy.inventory.settings.SettingsCatalog;
import dev.citusdeploy.inventory.settings.ValueCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * citus-deploy's offline verdict on a setting's value is the server's: each value is offered to
 * ALTER SYSTEM SET in a throwaway container of that major (no network), which parses and
 * range-checks it as the server reads postgresql.conf, without applying it.
 */
class SettingsCatalogIT {
    private static final int READY_SECONDS = 180;
    /** Values on the edges of guc.c's parsing: prefixes, octal, units, rounding, ranges, hidden enum spellings. */
    private static final List<String[]> VALUES = Stream.of(
            "fsync|on", "fsync|OFF", "fsync|of", "fsync|o", "fsync|t", "fsync|truex", "fsync| on", "fsync|10",
            "max_connections|100", "max_connections| 100 ", "max_connections|0x64", "max_connections|0144",
            "max_connections|08", "max_connections|1e2", "max_connections|99.5", "max_connections|100k",
            "max_connections| .5", "max_connections|nan", "max_connections|300000", "max_connections|1e10",
            "work_mem|64MB", "work_mem|64 MB", "work_mem|1.5GB", "work_mem|65535B", "work_mem|65000B",
            "work_mem|2TB", "work_mem|1TB", "work_mem|64mb", "work_mem|64 MiB", "work_mem|64MBs", "work_mem|10s",
            "work_mem|63kB", "shared_buffers|128kB", "shared_buffers|120kB", "shared_buffers|1.5MB",
            "statement_timeout|30s", "statement_timeout|1.5h", "statement_timeout|100us", "statement_timeout|25d",
            "statement_timeout|1 sec", "statement_timeout|-1", "archive_timeout|1500ms",
            "random_page_cost|1.1", "random_page_cost|1e400", "random_page_cost|inf", "random_page_cost|0x1.8p1",
            "random_page_cost|1.1x", "vacuum_cost_delay|500us", "vacuum_cost_delay|101", "vacuum_cost_delay|0.1s",
            "checkpoint_completion_target|1.5", "synchronous_commit|Remote_Apply", "synchronous_commit|yes",
            "synchronous_commit|maybe", "synchronous_commit| on", "huge_pages|TRY", "wal_level|hot_standby",
            "io_method|io-uring", "io_method|worker", "client_min_messages|debug", "ssl_max_protocol_version|",
            "citus.shard_count|many", "citus.shard_count|64", "citus.node_connection_timeout|5",
            "citus.executor_slow_start_interval|10ms", "citus.enable_ddl_propagation|yes",
            "citus.multi_shard_modify_mode|SEQUENTIAL", "pg_stat_statements.track|top",
            "log_min_duration_statement|-1", "log_min_duration_statement|-2")
            .map(pair -> pair.split("\\|", -1)).toList();

    static Stream<Arguments> images() {
        return Stream.of(Arguments.of(15, "citus-deploy-test:13.2.2-pg15"),
                Arguments.of(17, "citus-deploy-test:14.0.1-pg17"), Arguments.of(18, "citus-deploy-test:14.0.1-pg18"));
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("images")
    void offlineVerdictsAreTheServers(int major, String image) throws Exception {
        TestDocker.requireImage(image);
        SettingsCatalog catalog = SettingsCatalog.forMajor(major);
        List<String[]> values = VALUES.stream().filter(v -> catalog.find(v[0]).isPresent()).toList();
        String container = "citus-deploy-settings-it-" + major + "-" + ProcessHandle.current().pid();
        Path script = Files.createTempFile("settings-it", ".sql");
        try {
            Shell.ok(List.of("docker", "run", "-d", "--name", container, "--network", "none",
                    "-e", "POSTGRES_PASSWORD=probe", image, "-c", "shared_preload_libraries=citus,pg_stat_statements"));
            awaitServer(container);
            Files.writeString(script, script(values));
            Shell.ok(List.of("docker", "cp", script.toString(), container + ":/tmp/values.sql"));
            // The server's messages go to stderr, which would interleave with the lines read here.
            List<Boolean> accepted = serverAccepts(Shell.run(List.of("docker", "exec", container, "sh", "-c",
                    "psql -XAtq -U postgres -f /tmp/values.sql 2>/dev/null")).out(), values.size());
            List<String> disagreements = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                String[] v = values.get(i);
                boolean ours = ValueCheck.problem(catalog.find(v[0]).orElseThrow(), v[1]).isEmpty();
                if (ours != accepted.get(i)) {
                    disagreements.add(v[0] + " = '" + v[1] + "': server " + (accepted.get(i) ? "accepts" : "refuses"));
                }
            }
            assertEquals(List.of(), disagreements);
        } finally {
            Shell.run(List.of("docker", "rm", "-f", "-v", container));
            Files.deleteIfExists(script);
        }
    }

    /** The final server, not the entrypoint's init server (which listens on its socket only). */
    private static void awaitServer(String container) throws InterruptedException {
        long deadline = System.nanoTime() + READY_SECONDS * 1_000_000_000L;
        while (!Shell.run(List.of("docker", "exec", container, "psql", "-XAtq", "-U", "postgres", "-c",
                "SELECT current_setting('listen_addresses') <> ''")).out().strip().equals("t")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(container + " not ready after " + READY_SECONDS + "s: "
                        + Shell.run(List.of("docker", "logs", container)).out());
            }
            Thread.sleep(500);
        }
    }

    /** One ALTER SYSTEM per value, each followed by a line saying whether it failed (psql's ERROR). */
    private static String script(List<String[]> values) {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            sql.append("ALTER SYSTEM SET \"").append(values.get(i)[0]).append("\" = '")
                    .append(values.get(i)[1].replace("'", "''")).append("';\n")
                    .append("\\echo VALUE|").append(i).append("|:ERROR\n");
        }
        return sql.toString();
    }

    private static List<Boolean> serverAccepts(String output, int count) {
        Matcher m = Pattern.compile("(?m)^VALUE\\|(\\d+)\\|(true|false)$").matcher(output);
        List<Boolean> accepted = new ArrayList<>();
        while (m.find()) {
            assertEquals(accepted.size(), Integer.parseInt(m.group(1)), output);
            accepted.add(m.group(2).equals("false"));
        }
        assertEquals(count, accepted.size(), output);
        return accepted;
    }
}
