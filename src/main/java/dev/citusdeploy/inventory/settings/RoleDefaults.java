package dev.citusdeploy.inventory.settings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The built-in postgresql.conf defaults of a role, {@code config/<role>.conf} in the jar. */
public final class RoleDefaults {
    private static final Pattern LINE = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_.]*)\\s*=?\\s*(.*?)\\s*");

    private RoleDefaults() {
    }

    /** The settings of {@code config/<role>.conf}: {@code name = value} lines, # comments. */
    public static Map<String, String> of(String role) {
        String resource = "/config/" + role + ".conf";
        try (InputStream in = RoleDefaults.class.getResourceAsStream(resource)) {
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
