package dev.citusdeploy.inventory;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each key and list item of a YAML document stands, so that every problem can name its line.
 * Also finds duplicate keys, which Jackson would otherwise resolve silently (last one wins).
 */
final class YamlLines {
    private static final YAMLFactory FACTORY = new YAMLFactory();
    private final Map<String, Integer> lines = new HashMap<>();
    private final List<Problem> duplicates = new ArrayList<>();
    private final Map<String, String> scalars = new HashMap<>();

    static YamlLines of(String yaml) throws IOException {
        YamlLines index = new YamlLines();
        try (YAMLParser parser = FACTORY.createParser(yaml)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                int line = parser.currentTokenLocation().getLineNr();
                String path = pathOf(parser.getParsingContext().pathAsPointer());
                if (token == JsonToken.FIELD_NAME) {
                    if (index.lines.containsKey(path)) {
                        index.duplicates.add(new Problem(path, line,
                                "duplicate key (first at line " + index.lines.get(path) + ")"));
                    } else {
                        index.lines.put(path, line);
                    }
                } else {
                    index.lines.putIfAbsent(path, line);
                    if (token.isScalarValue()) {
                        index.scalars.put(path, parser.getText());
                    }
                }
            }
        }
        return index;
    }

    /** The line of a path, or of its nearest parent that has one; 1 for a file with nothing in it. */
    int lineOf(String path) {
        String p = path;
        while (true) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            if (cut <= 0) {
                return lines.getOrDefault("", 1);
            }
            p = p.substring(0, cut);
        }
    }

    /**
     * A scalar exactly as written: YAML 1.1 would turn {@code 0640} into 416 and {@code on} into
     * true, which is not what a postgresql.conf value means.
     */
    String scalarText(String path) {
        return scalars.get(path);
    }

    List<Problem> duplicates() {
        return duplicates;
    }

    /** JSON pointer {@code /workers/1/port} to {@code workers[1].port}. */
    static String pathOf(JsonPointer pointer) {
        StringBuilder path = new StringBuilder();
        for (JsonPointer p = pointer; p != null && !p.matches(); p = p.tail()) {
            String segment = p.getMatchingProperty();
            if (p.getMatchingIndex() >= 0 && segment.chars().allMatch(Character::isDigit)) {
                path.append('[').append(segment).append(']');
            } else {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(segment);
            }
        }
        return path.toString();
    }
}
