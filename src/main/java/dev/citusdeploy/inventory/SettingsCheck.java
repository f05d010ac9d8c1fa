package dev.citusdeploy.inventory;

import dev.citusdeploy.inventory.settings.ConfValue;
import dev.citusdeploy.inventory.settings.PreloadLibraries;
import dev.citusdeploy.inventory.settings.RoleDefaults;
import dev.citusdeploy.inventory.settings.SettingDefinition;
import dev.citusdeploy.inventory.settings.SettingType;
import dev.citusdeploy.inventory.settings.SettingsCatalog;
import dev.citusdeploy.inventory.settings.ValueCheck;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The inventory's postgresql settings against what PostgreSQL, Citus and pg_stat_statements
 * accept, before anything is contacted. The image's major is not known yet, so a name is known if
 * any supported major has it, and its value is checked as the newest such major defines it.
 * Another library's setting ({@code auto_explain.*}) is taken as written where every node it
 * reaches preloads that library; elsewhere it is an unknown setting.
 */
final class SettingsCheck {
    private static final Pattern WORKER_LEVEL = Pattern.compile("workers\\[(\\d+)]\\.postgresql");

    private final Inventory inventory;
    private final Problems problems;
    private final SettingsCatalog catalog = SettingsCatalog.anyMajor();
    private final Map<Node, List<String>> preloads = new HashMap<>();

    SettingsCheck(Inventory inventory, Problems problems) {
        this.inventory = inventory;
        this.problems = problems;
    }

    /** One setting of a level: postgresql.all, postgresql.coordinator, postgresql.workers or a node's postgresql. */
    void check(String level, String name, String raw) {
        String at = level + "." + name;
        if (ConfValue.hasControlCharacter(raw)) {
            problems.add(at, ValueCheck.CONTROL_CHARACTER);
        } else if (raw.isBlank()) {
            boolean string = catalog.find(name).map(s -> s.type() == SettingType.STRING).orElse(false);
            problems.add(at, "is empty: " + (string ? "for an empty string write \"''\"; " : "")
                    + "to keep the default, leave the setting out");
        } else {
            int dot = name.indexOf('.');
            Optional<String> problem = dot < 0 ? core(name, raw) : library(level, name, name.substring(0, dot), raw);
            problem.ifPresent(message -> problems.add(at, message));
        }
    }

    private Optional<String> core(String name, String raw) {
        Optional<SettingDefinition> setting = catalog.find(name);
        if (setting.isPresent()) {
            return ValueCheck.problem(setting.get(), ConfValue.unquote(raw));
        }
        Optional<String> newName = SettingsCatalog.newNameOf(name);
        if (newName.isPresent()) {
            return Optional.of("is the old name of " + newName.get() + ": write " + newName.get());
        }
        return Optional.of(unknown(name, catalog.names().stream().filter(n -> n.indexOf('.') < 0),
                "no setting of " + catalog.label() + " has this name"));
    }

    private Optional<String> library(String level, String name, String prefix, String raw) {
        String library = PreloadLibraries.libraryDefining(prefix);
        List<String> without = nodesWithout(level, library);
        String missing = " in shared_preload_libraries (missing on " + String.join(", ", without) + ")";
        if (catalog.definesPrefix(prefix)) {
            Optional<SettingDefinition> setting = catalog.find(name);
            if (setting.isEmpty()) {
                return Optional.of(unknown(name, catalog.names().stream().filter(n -> n.startsWith(prefix + ".")),
                        "no " + prefix + ".* setting has this name"));
            }
            if (!without.isEmpty()) {
                return Optional.of("needs " + library + missing);
            }
            return ValueCheck.problem(setting.get(), ConfValue.unquote(raw));
        }
        if (without.isEmpty()) {
            return Optional.empty(); // the library's own setting: only the library can check its value
        }
        return Optional.of(Suggestion.closest(name, catalog.names())
                .map(s -> "unknown setting (did you mean " + s + "?)")
                .orElse("unknown setting, unless " + library + " is" + missing));
    }

    private static String unknown(String name, Stream<String> candidates, String otherwise) {
        return "unknown setting (" + Suggestion.closest(name, candidates.toList())
                .map(s -> "did you mean " + s + "?").orElse(otherwise) + ")";
    }

    /** The names of the nodes a level reaches that do not preload the library. */
    private List<String> nodesWithout(String level, String library) {
        return reachedBy(level).filter(node -> !preloaded(node).contains(library)).map(Node::name).toList();
    }

    private Stream<Node> reachedBy(String level) {
        Matcher worker = WORKER_LEVEL.matcher(level);
        Stream<Node> nodes = switch (level) {
            case "postgresql.all" -> inventory.nodes().stream();
            case "postgresql.coordinator", "coordinator.postgresql" -> Stream.of(inventory.coordinator());
            case "postgresql.workers" -> inventory.workers().stream();
            default -> worker.matches() ? Stream.of(inventory.workers().get(Integer.parseInt(worker.group(1))))
                    : Stream.empty();
        };
        return nodes.filter(Objects::nonNull);
    }

    /** The libraries a node preloads, as render writes its shared_preload_libraries. */
    private List<String> preloaded(Node node) {
        return preloads.computeIfAbsent(node, n -> {
            Map<String, String> settings = new HashMap<>(RoleDefaults.of(n.role().label()));
            settings.putAll(inventory.postgresql().forNode(n));
            String libraries = ConfValue.unquote(settings.getOrDefault("shared_preload_libraries", ""));
            return PreloadLibraries.citusFirst(libraries).stream().map(PreloadLibraries::libraryName).toList();
        });
    }
}
