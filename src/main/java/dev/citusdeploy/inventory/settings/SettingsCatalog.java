package dev.citusdeploy.inventory.settings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The settings a PostgreSQL major accepts, with Citus and pg_stat_statements loaded, as the test
 * image of that major reported them (src/main/resources/pg-settings, made by
 * tools/generate-pg-settings.sh). Names compare case-insensitively, as in PostgreSQL.
 *
 * <p>Before any server is contacted the major is unknown: {@link #anyMajor()} knows every setting
 * of every supported major, each as the newest major that has it defines it. Once a node's
 * PG_MAJOR is known, {@link #forMajor(int)} and {@link #check(Map)} refuse what that major lacks.
 */
public final class SettingsCatalog {
    public static final List<Integer> SUPPORTED_MAJORS = List.of(15, 16, 17, 18);
    /** guc.c's map_old_guc_names: old names PostgreSQL still takes for these settings. */
    private static final Map<String, String> OLD_NAMES = Map.of(
            "sort_mem", "work_mem", "vacuum_mem", "maintenance_work_mem", "ssl_ecdh_curve", "ssl_groups");
    private static final Map<Integer, SettingsCatalog> LOADED = new ConcurrentHashMap<>();

    private final String label;
    private final Map<String, SettingDefinition> settings;

    private SettingsCatalog(String label, Map<String, SettingDefinition> settings) {
        this.label = label;
        this.settings = Collections.unmodifiableMap(new TreeMap<>(settings)); // sorted: stable suggestions
    }

    /** The settings of one major; IllegalArgumentException for a major without a catalog. */
    public static SettingsCatalog forMajor(int major) {
        if (!SUPPORTED_MAJORS.contains(major)) {
            throw new IllegalArgumentException("no catalog of PostgreSQL " + major + " settings (there are "
                    + SUPPORTED_MAJORS + ")");
        }
        return LOADED.computeIfAbsent(major, m -> new SettingsCatalog("PostgreSQL " + m, CatalogFile.read(m)));
    }

    /** Every supported major's settings, each from the newest major that has it. */
    public static SettingsCatalog anyMajor() {
        return AnyMajor.CATALOG;
    }

    /** Built on first use, after the majors' catalogs. */
    private static final class AnyMajor {
        static final SettingsCatalog CATALOG = build();

        private static SettingsCatalog build() {
            Map<String, SettingDefinition> union = new LinkedHashMap<>();
            for (int i = SUPPORTED_MAJORS.size() - 1; i >= 0; i--) {
                forMajor(SUPPORTED_MAJORS.get(i)).settings.forEach(union::putIfAbsent);
            }
            return new SettingsCatalog("PostgreSQL " + SUPPORTED_MAJORS.get(0) + " to "
                    + SUPPORTED_MAJORS.get(SUPPORTED_MAJORS.size() - 1), union);
        }
    }

    /** "PostgreSQL 18", or "PostgreSQL 15 to 18" for {@link #anyMajor()}. */
    public String label() {
        return label;
    }

    public Optional<SettingDefinition> find(String name) {
        return Optional.ofNullable(settings.get(name.toLowerCase(Locale.ROOT)));
    }

    /** {@code work_mem} for {@code sort_mem}: the setting an old name stands for in PostgreSQL. */
    public static Optional<String> newNameOf(String name) {
        return Optional.ofNullable(OLD_NAMES.get(name.toLowerCase(Locale.ROOT)));
    }

    /** True when settings named {@code prefix.*} are in the catalog (citus, columnar, pg_stat_statements). */
    public boolean definesPrefix(String prefix) {
        String start = prefix.toLowerCase(Locale.ROOT) + ".";
        return settings.keySet().stream().anyMatch(name -> name.startsWith(start));
    }

    /** The lower-case names, as an inventory writes them. */
    public Set<String> names() {
        return settings.keySet();
    }

    /**
     * The settings of a node that this major would refuse: an unknown name (old names included as
     * PostgreSQL maps them), a value it cannot parse or that is out of range, an internal setting.
     * A setting of a library the catalog does not cover (auto_explain.*) is left to that library.
     * Values as the inventory writes them or as postgresql.conf has them (quoted or not).
     */
    public List<SettingProblem> check(Map<String, String> nodeSettings) {
        List<SettingProblem> problems = new ArrayList<>();
        nodeSettings.forEach((name, raw) -> problem(name, raw).ifPresent(problems::add));
        return problems;
    }

    private Optional<SettingProblem> problem(String name, String raw) {
        if (ConfValue.hasControlCharacter(raw)) {
            return Optional.of(new SettingProblem(name, ValueCheck.CONTROL_CHARACTER));
        }
        Optional<SettingDefinition> setting = find(name).or(() -> newNameOf(name).flatMap(this::find));
        if (setting.isPresent()) {
            return ValueCheck.problem(setting.get(), ConfValue.unquote(raw)).map(m -> new SettingProblem(name, m));
        }
        int dot = name.indexOf('.');
        if (dot >= 0 && !definesPrefix(name.substring(0, dot))) {
            return Optional.empty();
        }
        List<String> others = SUPPORTED_MAJORS.stream().filter(m -> forMajor(m).find(name).isPresent())
                .map(String::valueOf).toList();
        if (others.isEmpty()) {
            return Optional.of(new SettingProblem(name, "unknown setting"));
        }
        String library = dot >= 0 ? name.substring(0, dot) + " on " : "";
        return Optional.of(new SettingProblem(name, "not a setting of " + library + label + " (only of " + library
                + "PostgreSQL " + joined(others) + ")"));
    }

    /** "17", "17 and 18", "16, 17 and 18". */
    private static String joined(List<String> words) {
        int last = words.size() - 1;
        return last == 0 ? words.get(0) : String.join(", ", words.subList(0, last)) + " and " + words.get(last);
    }
}
