package dev.citusdeploy.inventory.settings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** shared_preload_libraries as citus-deploy writes it: citus first and once, or the server refuses to start. */
public final class PreloadLibraries {
    private PreloadLibraries() {
    }

    /** {@code pg_stat_statements, citus} becomes [citus, pg_stat_statements]. */
    public static List<String> citusFirst(String libraries) {
        List<String> names = new ArrayList<>();
        names.add("citus");
        Arrays.stream(libraries.split(","))
                .map(String::trim)
                .filter(name -> !name.isEmpty() && !name.equals("citus"))
                .forEach(names::add);
        return names;
    }

    /** The library an entry loads: {@code $libdir/auto_explain.so} loads auto_explain. */
    public static String libraryName(String entry) {
        String name = entry.substring(entry.lastIndexOf('/') + 1);
        return (name.endsWith(".so") ? name.substring(0, name.length() - 3) : name).toLowerCase(Locale.ROOT);
    }

    /** The library that defines the settings {@code prefix.*}: Citus loads its columnar settings itself. */
    public static String libraryDefining(String prefix) {
        return prefix.equals("columnar") ? "citus" : prefix;
    }
}
