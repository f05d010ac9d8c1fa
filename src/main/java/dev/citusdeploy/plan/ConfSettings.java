package dev.citusdeploy.plan;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads {@code name = value} lines of a postgresql.conf as PostgreSQL does for the files
 * citus-deploy writes: comments (#) and blank lines skipped, a quoted value read up to its closing
 * quote ('' inside is a quote), a bare value up to white space or #.
 */
final class ConfSettings {
    private ConfSettings() {
    }

    static Map<String, String> parse(String text) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            int eq = line.indexOf('=');
            if (line.isEmpty() || line.startsWith("#") || eq <= 0) {
                continue;
            }
            String name = line.substring(0, eq).strip().toLowerCase(java.util.Locale.ROOT);
            settings.put(name, value(line.substring(eq + 1).strip()));
        }
        return settings;
    }

    private static String value(String rest) {
        if (rest.startsWith("'")) {
            StringBuilder value = new StringBuilder();
            for (int i = 1; i < rest.length(); i++) {
                char c = rest.charAt(i);
                if (c == '\'' && i + 1 < rest.length() && rest.charAt(i + 1) == '\'') {
                    value.append('\'');
                    i++;
                } else if (c == '\'') {
                    break;
                } else {
                    value.append(c);
                }
            }
            return value.toString();
        }
        int end = 0;
        while (end < rest.length() && !Character.isWhitespace(rest.charAt(end)) && rest.charAt(end) != '#') {
            end++;
        }
        return rest.substring(0, end);
    }
}
