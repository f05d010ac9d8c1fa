package dev.citusdeploy.inventory.settings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads {@code /pg-settings/<major>.tsv} from the jar (written by tools/generate-pg-settings.sh):
 * # comments, a column line, then one tab-separated row per setting.
 */
final class CatalogFile {
    private static final String COLUMNS = "name\tvartype\tunit\tmin_val\tmax_val\tenumvals\tcontext\thidden_enumvals";

    private CatalogFile() {
    }

    /** The settings of one major by lower-case name (PostgreSQL compares names case-insensitively). */
    static Map<String, SettingDefinition> read(int major) {
        String resource = "/pg-settings/" + major + ".tsv";
        try (InputStream in = CatalogFile.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing built-in " + resource);
            }
            return parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, SettingDefinition> parse(String resource, String text) {
        Map<String, SettingDefinition> settings = new LinkedHashMap<>();
        boolean columnsSeen = false;
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!columnsSeen) {
                if (!line.equals(COLUMNS)) {
                    throw new IllegalStateException(resource + ": expected the columns " + COLUMNS);
                }
                columnsSeen = true;
                continue;
            }
            SettingDefinition setting = row(resource, line);
            settings.put(setting.name().toLowerCase(Locale.ROOT), setting);
        }
        return settings;
    }

    private static SettingDefinition row(String resource, String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 8) {
            throw new IllegalStateException(resource + ": not 8 columns: " + line);
        }
        return new SettingDefinition(f[0], SettingType.of(f[1]), f[2], f[3], f[4], list(f[5]), list(f[7]), f[6]);
    }

    /** A comma-separated list; {@code ,TLSv1} has the empty string as its first value. */
    private static List<String> list(String field) {
        return field.isEmpty() ? List.of() : Arrays.asList(field.split(",", -1));
    }
}
