package dev.citusdeploy.render;

import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.Node;
import dev.citusdeploy.inventory.settings.ConfValue;
import dev.citusdeploy.inventory.settings.PreloadLibraries;
import dev.citusdeploy.inventory.settings.RoleDefaults;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The postgresql.conf settings of one node: the role's defaults from {@code config/<role>.conf},
 * then the inventory's overrides, then what Citus needs and citus-deploy manages (which always win).
 */
public final class PostgresConf {
    /**
     * What postgresql.conf's lexer (guc-file.l) reads back as one token with the same text: an
     * integer with unit letters, a decimal number without them ({@code 1.5GB} bare would be a
     * syntax error), a plain word. Everything else is quoted.
     */
    private static final Pattern BARE = Pattern.compile("-?[0-9]+[A-Za-z]*|-?[0-9]+\\.[0-9]+|[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    /** One line of postgresql.conf; {@code value} is already in postgresql.conf syntax. */
    public record Setting(String name, String value, String origin) {
        public Setting {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("not a setting name: " + name);
            }
        }
    }

    private PostgresConf() {
    }

    public static List<Setting> forNode(Inventory inventory, Node node) {
        String role = node.role().label();
        Map<String, Setting> settings = new TreeMap<>();
        defaults(role).forEach((name, value) ->
                settings.put(name, new Setting(name, format(value), "config/" + role + ".conf")));
        inventory.postgresql().forNode(node).forEach((name, value) ->
                settings.put(name, new Setting(name, format(value), "inventory")));
        String preload = settings.containsKey("shared_preload_libraries")
                ? unquote(settings.get("shared_preload_libraries").value()) : "";
        settings.put("shared_preload_libraries",
                new Setting("shared_preload_libraries", format(citusFirst(preload)), "citus-deploy (citus must be first)"));
        settings.put("wal_level", new Setting("wal_level", "logical", "citus-deploy (shard moves use logical replication)"));
        settings.put("port", new Setting("port", Integer.toString(node.port()), "citus-deploy (the node's port)"));
        settings.put("listen_addresses", new Setting("listen_addresses", "'*'", "citus-deploy (pg_hba.conf limits access)"));
        settings.put("hba_file", new Setting("hba_file",
                format(NodeLayout.CONFIG_DIR_IN_CONTAINER + "/" + NodeLayout.PG_HBA_CONF), "citus-deploy"));
        return new ArrayList<>(settings.values());
    }

    /** {@code pg_stat_statements, citus} becomes {@code citus,pg_stat_statements}. */
    static String citusFirst(String libraries) {
        return String.join(",", PreloadLibraries.citusFirst(libraries));
    }

    /**
     * Numbers (with units) and plain words stay bare; anything else is single-quoted so that no
     * value can end its line or start another setting: {@code \\} and {@code '} are escaped, and
     * control characters (which validation refuses anyway) become octal escapes such as {@code \012}.
     */
    static String format(String raw) {
        String value = unquote(raw);
        if (BARE.matcher(value).matches()) {
            return value;
        }
        StringBuilder quoted = new StringBuilder("'");
        for (char c : value.toCharArray()) {
            if (c == '\\') {
                quoted.append("\\\\");
            } else if (c == '\'') {
                quoted.append("''");
            } else if (c < 0x20 || c == 0x7f) {
                quoted.append(String.format("\\%03o", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('\'').toString();
    }

    static String unquote(String value) {
        return ConfValue.unquote(value);
    }

    /** The defaults file of a role, from the jar: {@code name = value} lines, # comments. */
    static Map<String, String> defaults(String role) {
        return RoleDefaults.of(role);
    }
}
