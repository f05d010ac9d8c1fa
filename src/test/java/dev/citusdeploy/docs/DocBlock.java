package dev.citusdeploy.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A fenced code block of a Markdown page. Blocks in sh/bash/shell/sql are examples that claim to
 * work and are run by the tests, unless the line before the fence is {@code <!-- illustrative -->}.
 */
public record DocBlock(Path page, int line, String language, String code, boolean illustrative) {

    public static final String ILLUSTRATIVE = "<!-- illustrative -->";

    public boolean isSql() {
        return language.equals("sql");
    }

    public boolean isShell() {
        return language.equals("sh") || language.equals("bash") || language.equals("shell");
    }

    public boolean runs() {
        return !illustrative && (isSql() || isShell());
    }

    public String where() {
        return page + ":" + line;
    }

    public static List<DocBlock> of(Path page) throws IOException {
        List<String> lines = Files.readAllLines(page);
        List<DocBlock> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.startsWith("```")) {
                continue;
            }
            String language = line.substring(3).strip().split("\\s+")[0].toLowerCase(java.util.Locale.ROOT);
            int start = i;
            StringBuilder code = new StringBuilder();
            for (i = i + 1; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
                code.append(lines.get(i)).append('\n');
            }
            boolean illustrative = previousNonBlank(lines, start).equals(ILLUSTRATIVE);
            blocks.add(new DocBlock(page, start + 1, language, code.toString(), illustrative));
        }
        return blocks;
    }

    private static String previousNonBlank(List<String> lines, int index) {
        for (int i = index - 1; i >= 0; i--) {
            if (!lines.get(i).isBlank()) {
                return lines.get(i).strip();
            }
        }
        return "";
    }

    public static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(Path.of("README.md"));
        try (var docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }
}
