package dev.citusdeploy.db;

import java.util.Locale;

/**
 * A statement another citus-deploy session is running on a node (pg_stat_activity: active, or
 * idle inside a transaction).
 *
 * @param pid     the backend's process id (what pg_cancel_backend takes)
 * @param seconds how long it has been running
 * @param query   its text, as PostgreSQL shows it; never printed whole, see {@link #summary()}
 */
public record RunningStatement(int pid, double seconds, String query) {

    /**
     * The statement without its arguments, up to its first parenthesis or quote: a value it
     * carries (a password verifier) never shows.
     */
    public String summary() {
        String text = query.strip().replaceAll("\\s+", " ");
        int cut = text.length();
        for (char stop : new char[] {'(', '\'', '"', '$', ';'}) {
            int at = text.indexOf(stop);
            if (at >= 0 && at < cut) {
                cut = at;
            }
        }
        String head = text.substring(0, Math.min(cut, 60)).strip();
        return head.length() < text.length() ? head + " ..." : head;
    }

    /** "pid 123, running 4 s: SELECT citus_add_node ..." */
    public String describe() {
        return "pid " + pid + ", running " + String.format(Locale.ROOT, "%.0f", seconds) + " s: " + summary();
    }
}
