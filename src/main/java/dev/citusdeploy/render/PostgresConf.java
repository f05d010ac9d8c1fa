package dev.citusdeploy.render;

import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.Node;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The postgresql.conf settings of one node: the role's defaults from {@code config/<role>.conf},
 * then the inventory's overrides, then what Citus needs and citus-deploy manages (which always win).
 */
public final class PostgresConf {
    private static final Pattern LINE = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_.]*)\\s*=?\\s*(.*?)\\s*");
    private static final Pattern BARE = Pattern.compile("-?[0-9]+(\\.[0-9]+)?[A-Za-z]*|[A-Za-z_][A-Za-z0-9_]*");

    /** One line of postgresql.conf; {@code value} is already in postgresql.conf syntax. */
    public record Setting(String name, String value, String origin) {
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
        List<String> names = new ArrayList<>();
        names.add("citus");
        Arrays.stream(libraries.split(","))
                .map(String::trim)
                .filter(name -> !name.isEmpty() && !name.equals("citus"))
                .forEach(names::add);
        return String.join(",", names);
    }

    /** Numbers (with units) and plain words stay bare; anything else is single-quoted. */
    static String format(String raw) {
        String value = unquote(raw);
        if (BARE.matcher(value).matches()) {
            return value;
        }
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
            return value.substring(1, value.length() - 1).replace("''", "'");
        }
        return value;
    }

    /** The defaults file of a role, from the jar: {@code name = value} lines, # comments. */
    static Map<String, String> defaults(String role) {
        String resource = "/config/" + role + ".conf";
        try (InputStream in = PostgresConf.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing built-in " + resource);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, String> parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String content = stripComment(line);
            if (content.isBlank()) {
                continue;
            }
            Matcher m = LINE.matcher(content);
            if (!m.matches()) {
                throw new IllegalArgumentException("not a setting: " + line);
            }
            values.put(m.group(1), m.group(2));
        }
        return values;
    }

    private static String stripComment(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (c == '#' && !quoted) {
                return line.substring(0, i);
            }
        }
        return line;
    }
}
