package dev.citusdeploy.inventory.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsCatalogTest {
    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {15, 16, 17, 18})
    void eachMajorKnowsPostgresqlCitusAndPgStatStatements(int major) {
        SettingsCatalog catalog = SettingsCatalog.forMajor(major);
        assertTrue(catalog.names().size() > 500, () -> catalog.names().size() + " settings");
        SettingDefinition workMem = catalog.find("work_mem").orElseThrow();
        assertEquals(new SettingDefinition("work_mem", SettingType.INTEGER, "kB", "64", "2147483647",
                List.of(), List.of(), "user"), workMem);
        assertEquals("postmaster", catalog.find("shared_buffers").orElseThrow().context());
        assertEquals("8kB", catalog.find("shared_buffers").orElseThrow().unit());
        assertTrue(catalog.find("citus.shard_count").isPresent());
        assertTrue(catalog.find("pg_stat_statements.max").isPresent());
        assertTrue(catalog.find("columnar.compression").isPresent());
        // Citus hides these from pg_settings; the generator found them anyway.
        assertEquals(SettingType.BOOL, catalog.find("citus.enable_ddl_propagation").orElseThrow().type());
        assertEquals("ms", catalog.find("citus.executor_slow_start_interval").orElseThrow().unit());
        assertEquals(List.of("true", "false", "yes", "no", "1", "0"),
                catalog.find("synchronous_commit").orElseThrow().hiddenEnumValues());
        assertTrue(catalog.definesPrefix("citus") && catalog.definesPrefix("columnar"));
        assertFalse(catalog.definesPrefix("auto_explain"));
    }

    @Test
    void namesCompareCaseInsensitivelyAsInPostgresql() {
        SettingsCatalog catalog = SettingsCatalog.forMajor(17);
        assertEquals("DateStyle", catalog.find("datestyle").orElseThrow().name());
        assertEquals("work_mem", catalog.find("WORK_MEM").orElseThrow().name());
        assertTrue(catalog.names().contains("datestyle"));
    }

    @Test
    void sixteenIsTheUnionOfFifteenAndSeventeen() {
        SettingsCatalog sixteen = SettingsCatalog.forMajor(16);
        assertTrue(sixteen.find("ssl_ecdh_curve").isPresent());
        assertTrue(sixteen.find("extension_destdir").isPresent()); // only in the 17 image
        assertTrue(sixteen.find("citus.enable_outer_joins_with_pseudoconstant_quals_pre_pg17").isPresent());
        assertFalse(sixteen.find("io_method").isPresent()); // 18
        assertEquals(SettingsCatalog.forMajor(17).find("work_mem"), sixteen.find("work_mem"));
    }

    @Test
    void offlineEverySupportedMajorsSettingIsKnownAsTheNewestDefinesIt() {
        SettingsCatalog any = SettingsCatalog.anyMajor();
        assertEquals("PostgreSQL 15 to 18", any.label());
        assertTrue(any.find("io_method").isPresent());
        assertTrue(any.find("ssl_ecdh_curve").isPresent()); // 15 to 17 only
        assertEquals(SettingsCatalog.forMajor(18).find("work_mem"), any.find("work_mem"));
    }

    @Test
    void aMajorRefusesWhatItDoesNotHave() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("io_method", "worker");
        settings.put("work_mem", "64MB");
        settings.put("citus.enable_outer_joins_with_pseudoconstant_quals_pre_pg17", "on");
        settings.put("auto_explain.log_min_duration", "1s"); // another library's: not ours to judge
        settings.put("no_such_setting", "1");
        assertEquals(List.of(
                new SettingProblem("io_method", "not a setting of PostgreSQL 15 (only of PostgreSQL 18)"),
                new SettingProblem("citus.enable_outer_joins_with_pseudoconstant_quals_pre_pg17",
                        "not a setting of citus on PostgreSQL 15 (only of citus on PostgreSQL 16, 17 and 18)"),
                new SettingProblem("no_such_setting", "unknown setting")),
                SettingsCatalog.forMajor(15).check(settings));
        settings.remove("no_such_setting");
        assertEquals(List.of(), SettingsCatalog.forMajor(18).check(settings));
    }

    @Test
    void aMajorChecksValuesAsItDefinesThem() {
        assertEquals(List.of(new SettingProblem("io_method", "\"fast\" is not a valid value for io_method"
                        + " (one of: sync, worker, io_uring)"),
                new SettingProblem("log_line_prefix", ValueCheck.CONTROL_CHARACTER),
                new SettingProblem("block_size", "cannot be set: PostgreSQL fixes it when it is built or when its"
                        + " data directory is created")),
                SettingsCatalog.forMajor(18).check(orderedMap("io_method", "fast", "work_mem", "'64MB'",
                        "log_line_prefix", "%m\n", "block_size", "8192")));
        assertEquals("io_method: not a setting of PostgreSQL 17 (only of PostgreSQL 18)",
                SettingsCatalog.forMajor(17).check(Map.of("io_method", "fast")).get(0).toString());
    }

    @Test
    void oldNamesAreTheSettingsPostgresqlMapsThemTo() {
        assertEquals(List.of(), SettingsCatalog.forMajor(18).check(Map.of("ssl_ecdh_curve", "prime256v1")));
        assertEquals(List.of(new SettingProblem("sort_mem", "\"x\" is not a valid value for work_mem"
                + " (an amount of memory such as 64MB; between 64kB and 2147483647kB)")),
                SettingsCatalog.forMajor(15).check(Map.of("sort_mem", "x")));
        assertEquals("work_mem", SettingsCatalog.newNameOf("sort_mem").orElseThrow());
    }

    @Test
    void onlySupportedMajorsHaveACatalog() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SettingsCatalog.forMajor(14));
        assertEquals("no catalog of PostgreSQL 14 settings (there are [15, 16, 17, 18])", e.getMessage());
    }

    @Test
    void catalogFilesAreCheckedWhenRead() {
        assertThrows(IllegalStateException.class, () -> CatalogFile.parse("x.tsv", "# c\nname\tvartype\n"));
        assertThrows(IllegalStateException.class, () -> CatalogFile.parse("x.tsv",
                "name\tvartype\tunit\tmin_val\tmax_val\tenumvals\tcontext\thidden_enumvals\nwork_mem\tinteger\n"));
        Map<String, SettingDefinition> one = CatalogFile.parse("x.tsv",
                "# c\nname\tvartype\tunit\tmin_val\tmax_val\tenumvals\tcontext\thidden_enumvals\n"
                        + "ssl_max_protocol_version\tenum\t\t\t\t,TLSv1.3\tsighup\t\n");
        assertEquals(List.of("", "TLSv1.3"), one.get("ssl_max_protocol_version").enumValues());
    }

    private static Map<String, String> orderedMap(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
