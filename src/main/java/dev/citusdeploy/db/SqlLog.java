package dev.citusdeploy.db;

import java.time.Duration;
import java.util.regex.Pattern;

/** Hears every SQL statement a node's session runs (for --verbose); secrets in it are masked first. */
@FunctionalInterface
public interface SqlLog {
    Pattern PASSWORD_LITERAL = Pattern.compile("(?i)(PASSWORD\\s+)'(?:[^']|'')*'");

    SqlLog NONE = (node, sql, took) -> { };

    void statement(String node, String sql, Duration took);

    /** A password literal (ALTER ROLE ... PASSWORD '...') becomes '***'. */
    static String masked(String sql) {
        return PASSWORD_LITERAL.matcher(sql).replaceAll("$1'***'");
    }
}
