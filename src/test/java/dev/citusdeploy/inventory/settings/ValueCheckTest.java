package dev.citusdeploy.inventory.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Values as PostgreSQL 18's guc.c would take them (parse_bool, parse_int, parse_real, enums). */
class ValueCheckTest {
    private static Optional<String> check(String setting, String value) {
        return ValueCheck.problem(SettingsCatalog.forMajor(18).find(setting).orElseThrow(), value);
    }

    @ParameterizedTest(name = "{0} = \"{1}\" is accepted")
    @CsvSource(delimiter = '|', value = {
        // parse_bool: the words, their unique prefixes (on/off need two letters), 1 and 0, any case
        "fsync|on", "fsync|OFF", "fsync|On", "fsync|of", "fsync|true", "fsync|t", "fsync|FALSE", "fsync|fa",
        "fsync|yes", "fsync|y", "fsync|no", "fsync|n", "fsync|1", "fsync|0",
        // parse_int: decimal, hex, octal, exponent, fraction rounded, white space around, -1 where allowed
        "max_connections|100", "max_connections|' 100 '", "max_connections|0x64", "max_connections|0144",
        "max_connections|1e2", "max_connections|99.5", "log_min_duration_statement|-1", "statement_timeout|0",
        // memory, relative to the setting's unit (work_mem in kB, shared_buffers in 8kB blocks)
        "work_mem|64MB", "work_mem|64 MB", "work_mem|1.5GB", "work_mem|65536", "work_mem|65535B", "work_mem|1TB",
        "shared_buffers|128kB", "shared_buffers|1GB", "shared_buffers|16", "wal_buffers|-1", "max_wal_size|1TB",
        // time, relative to the setting's unit
        "statement_timeout|30s", "statement_timeout|1.5h", "statement_timeout|100us", "statement_timeout|2d",
        "archive_timeout|1500ms", "archive_timeout|5min",
        // parse_real, with and without units
        "random_page_cost|1.1", "random_page_cost|4", "random_page_cost|1e1", "vacuum_cost_delay|2ms",
        "vacuum_cost_delay|500us", "vacuum_cost_delay|0.1s", "checkpoint_completion_target|0.9",
        // enums: any case, the spellings pg_settings hides, the empty value where listed
        "synchronous_commit|Remote_Apply", "synchronous_commit|yes", "huge_pages|TRY", "io_method|worker",
        "ssl_max_protocol_version|''", "client_min_messages|debug", "citus.multi_shard_modify_mode|sequential",
        // strings: anything (their check hooks run in the server only)
        "search_path|'\"$user\", public'", "log_line_prefix|'%m [%p] # '", "ssl_groups|X25519"})
    void accepted(String setting, String value) {
        assertEquals(Optional.empty(), check(setting, value));
    }

    @ParameterizedTest(name = "{0} = \"{1}\" is refused")
    @CsvSource(delimiter = '|', value = {
        "fsync|o", "fsync|2", "fsync|''", "fsync|truex", "fsync|' on'", "fsync|onn", "fsync|10",
        "max_connections|banana", "max_connections|08", "max_connections|100k", "max_connections|' .5'",
        "max_connections|nan", "max_connections|''",
        "work_mem|64mb", "work_mem|64 MiB", "work_mem|64MBs", "work_mem|10s", "statement_timeout|10kB",
        "statement_timeout|1 sec", "random_page_cost|1.1x", "random_page_cost|nan",
        "synchronous_commit|maybe", "synchronous_commit|' on'", "io_method|io-uring"})
    void refused(String setting, String value) {
        assertTrue(check(setting, value).orElseThrow().contains("is not a valid value for " + setting), check(setting, value)::get);
    }

    @ParameterizedTest(name = "{0} = \"{1}\" is out of range")
    @CsvSource(delimiter = '|', value = {
        "max_connections|0", "max_connections|300000", "work_mem|2TB", "max_connections|1e10", "work_mem|63kB", "work_mem|4TB",
        "shared_buffers|120kB", "statement_timeout|-1", "statement_timeout|25d", "random_page_cost|-1",
        "random_page_cost|1e400", "random_page_cost|inf", "checkpoint_completion_target|1.5", "vacuum_cost_delay|101"})
    void outOfRange(String setting, String value) {
        assertTrue(check(setting, value).orElseThrow().contains("is out of range for " + setting), check(setting, value)::get);
    }

    @Test
    void messagesSayWhatIsExpectedInTheSettingsUnits() {
        assertEquals("\"banana\" is not a valid value for work_mem (an amount of memory such as 64MB;"
                + " between 64kB and 2147483647kB)", check("work_mem", "banana").orElseThrow());
        assertEquals("\"64mb\" is not a valid value for work_mem (memory units are B, kB, MB, GB and TB,"
                + " case-sensitive; between 64kB and 2147483647kB)", check("work_mem", "64mb").orElseThrow());
        assertEquals("\"1 sec\" is not a valid value for statement_timeout (time units are us, ms, s, min, h and d,"
                + " case-sensitive; between 0 and 2147483647ms)", check("statement_timeout", "1 sec").orElseThrow());
        assertEquals("\"120kB\" is out of range for shared_buffers (between 128kB and 8589934584kB)",
                check("shared_buffers", "120kB").orElseThrow());
        assertEquals("\"5\" is out of range for citus.node_connection_timeout (between 10ms and 1h)",
                check("citus.node_connection_timeout", "5").orElseThrow());
        assertEquals("\"x\" is not a valid value for max_connections (an integer between 1 and 262143)",
                check("max_connections", "x").orElseThrow());
        assertEquals("\"1.5\" is out of range for checkpoint_completion_target (between 0 and 1)",
                check("checkpoint_completion_target", "1.5").orElseThrow());
        assertEquals("\"200ms\" is out of range for vacuum_cost_delay (between 0 and 100ms)",
                check("vacuum_cost_delay", "200ms").orElseThrow());
        assertEquals("\"maybe\" is not a valid value for synchronous_commit (one of: local, remote_write,"
                + " remote_apply, on, off)", check("synchronous_commit", "maybe").orElseThrow());
        assertEquals("\"TLSv9\" is not a valid value for ssl_max_protocol_version (one of: '', TLSv1, TLSv1.1,"
                + " TLSv1.2, TLSv1.3)", check("ssl_max_protocol_version", "TLSv9").orElseThrow());
        assertEquals("\"maybe\" is not a valid value for fsync (a Boolean: on, off, true, false, yes, no, 1 or 0)",
                check("fsync", "maybe").orElseThrow());
    }

    @Test
    void internalSettingsCannotBeSet() {
        assertEquals(Optional.of("cannot be set: PostgreSQL fixes it when it is built or when its data directory"
                + " is created"), check("block_size", "8192"));
    }

    @Test
    void fractionsOfAnIntegerSettingRoundAfterTheConversionAsInPostgreSql() {
        // 65535B = 63.999kB rounds to 64kB (accepted); 1.5GB rounds to whole MB first.
        SettingUnit kB = SettingUnit.of("kB").orElseThrow();
        assertEquals(1572864, NumericValue.integer("1.5GB", java.util.Optional.of(kB)).value());
        assertEquals(64, NumericValue.integer("65535B", java.util.Optional.of(kB)).value());
        assertEquals(2, NumericValue.integer("1500ms", SettingUnit.of("s")).value()); // rint: half to even
        assertEquals(2, NumericValue.integer("2500ms", SettingUnit.of("s")).value());
        assertEquals(0.5, NumericValue.real("500us", SettingUnit.of("ms")).value());
    }
}
