package dev.citusdeploy.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.InventoryLoader;
import dev.citusdeploy.inventory.settings.ConfValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PostgresConfTest {
    private static final Path QUOTING = Path.of("src/test/resources/inventories/valid/quoting.yml");
    private static final Path QUOTING_GOLDEN = Path.of("src/test/resources/golden/quoting/postgresql.conf");

    @Test
    void citusIsPutFirstOnce() {
        assertEquals("citus", PostgresConf.citusFirst(""));
        assertEquals("citus,pg_stat_statements", PostgresConf.citusFirst("pg_stat_statements"));
        assertEquals("citus,pg_stat_statements,auto_explain", PostgresConf.citusFirst("pg_stat_statements, citus ,auto_explain"));
    }

    @Test
    void valuesAreQuotedOnlyWhenNeeded() {
        assertEquals("256MB", PostgresConf.format("256MB"));
        assertEquals("200", PostgresConf.format("200"));
        assertEquals("-1", PostgresConf.format("-1"));
        assertEquals("1.10", PostgresConf.format("1.10"));
        assertEquals("on", PostgresConf.format("on"));
        assertEquals("'%m [%p] '", PostgresConf.format("'%m [%p] '"));
        assertEquals("'it''s'", PostgresConf.format("it's"));
        assertEquals("'citus,pg_stat_statements'", PostgresConf.format("citus,pg_stat_statements"));
        // postgresql.conf reads a bare 1.5GB as the number 1.5 followed by a stray word
        assertEquals("'1.5GB'", PostgresConf.format("1.5GB"));
        assertEquals("''", PostgresConf.format("''"));
        assertEquals("'a\\\\b'", PostgresConf.format("a\\b"));
        assertEquals("'x # y'", PostgresConf.format("x # y"));
    }

    @Test
    void controlCharactersBecomeEscapesSoTheValueStaysOnItsLine() {
        assertEquals("'a\\012b\\015c\\011d\\177'", PostgresConf.format("a\nb\rc\td\u007f"));
    }

    /** Whatever arrives, the line reads back as exactly one setting with exactly that value. */
    @ParameterizedTest
    @ValueSource(strings = {"64MB", "1.5GB", "it's", "'quoted'", "a\\", "\\'", "x # y", "x' # y", "a\nwork_mem = 1",
        "a\n\rb\tc", "\\012", "'", "''''", "a'\nfsync = off\n#", " spaces ", "$user", "é", "=", "0x1A", "1e5", "+5",
        "-", "."})
    void anyValueReadsBackAsOneSettingWithThatValue(String raw) {
        String line = "application_name = " + PostgresConf.format(raw) + "   # inventory";
        assertTrue(line.chars().noneMatch(c -> c == '\n' || c == '\r'), line);
        assertEquals(Optional.of(new ConfLineReader.Entry("application_name", ConfValue.unquote(raw))),
                ConfLineReader.read(line), line);
    }

    @Test
    void settingNamesAreCheckedToo() {
        assertThrows(IllegalArgumentException.class, () -> new PostgresConf.Setting("a = 1\nb", "1", "x"));
        assertThrows(IllegalArgumentException.class, () -> new PostgresConf.Setting("a b", "1", "x"));
    }

    /**
     * The rendered postgresql.conf of an inventory full of values that need quoting, byte for byte;
     * every line of it reads back, as PostgreSQL reads it, as the inventory's value.
     * After an intended change: {@code mvn test -Dtest=PostgresConfTest -Dgolden.update=true}.
     */
    @Test
    void quotedValuesMatchTheGoldenFileAndReadBackAsWritten() throws IOException {
        Inventory inventory = new InventoryLoader().load(QUOTING);
        RenderedFile conf = new NodeRenderer(TemplateEngine.builtIn())
                .render(inventory, inventory.coordinator(), DataLayout.forNewNode(18)).stream()
                .filter(f -> f.fileName().equals("postgresql.conf")).findFirst().orElseThrow();
        String text = new String(conf.content(), StandardCharsets.UTF_8);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(QUOTING_GOLDEN.getParent());
            Files.writeString(QUOTING_GOLDEN, text);
        }
        assertEquals(Files.readString(QUOTING_GOLDEN), text);

        Map<String, String> written = inventory.postgresql().all();
        for (String line : text.lines().filter(l -> !l.startsWith("#")).toList()) {
            ConfLineReader.Entry entry = ConfLineReader.read(line).orElseThrow(() -> new AssertionError(line));
            if (written.containsKey(entry.name()) && !entry.name().equals("shared_preload_libraries")) {
                assertEquals(ConfValue.unquote(written.get(entry.name())), entry.value(), line);
            }
        }
        assertTrue(text.contains("shared_preload_libraries = 'citus,pg_stat_statements'"), text);
    }

    @Test
    void defaultsFilesParse() {
        assertEquals("200", PostgresConf.defaults("coordinator").get("max_connections"));
        assertEquals("'%m [%p] %q%u@%d '", PostgresConf.defaults("worker").get("log_line_prefix"));
    }
}
