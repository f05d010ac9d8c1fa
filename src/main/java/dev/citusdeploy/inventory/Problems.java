package dev.citusdeploy.inventory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the problems of one inventory, each placed on its line. */
final class Problems {
    private final YamlLines lines;
    private final List<Problem> found = new ArrayList<>();

    Problems(YamlLines lines) {
        this.lines = lines;
        found.addAll(lines.duplicates());
    }

    void add(String path, String message) {
        found.add(new Problem(path, lines.lineOf(path), message));
    }

    /** The scalar at a path as the file spells it, or null. */
    String scalarText(String path) {
        return lines.scalarText(path);
    }

    /** True when a problem was already reported at this path (or below it). */
    boolean reportedAt(String path) {
        return found.stream().anyMatch(p -> p.path().equals(path) || p.path().startsWith(path + "."));
    }

    List<Problem> sorted() {
        return found.stream().sorted(Comparator.comparingInt(Problem::line).thenComparing(Problem::path)).toList();
    }

    boolean isEmpty() {
        return found.isEmpty();
    }
}
