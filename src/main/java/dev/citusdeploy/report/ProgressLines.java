package dev.citusdeploy.report;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Progress as lines: one per finished or failed step with its duration; with {@code verbose} also
 * each step's start and every remote command. With {@code timestamps} (output that is not a
 * terminal, e.g. a CI log) every line starts with the time of day.
 */
public final class ProgressLines implements Consumer<Event> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);

    private final PrintWriter out;
    private final boolean timestamps;
    private final boolean verbose;
    private final ZoneId zone;

    public ProgressLines(PrintWriter out, boolean timestamps, boolean verbose, ZoneId zone) {
        this.out = out;
        this.timestamps = timestamps;
        this.verbose = verbose;
        this.zone = zone;
    }

    @Override
    public void accept(Event event) {
        String line = switch (event.kind()) {
            case STARTED -> verbose ? row(event.node(), event.step() + " ...") : null;
            case FINISHED -> row(event.node(), event.step() + took(event));
            case FAILED -> row(event.node(), "FAILED " + event.step() + ": " + event.error() + took(event));
            case PROGRESS -> row(event.node(), event.step());
            case COMMAND -> verbose ? row(event.node(), event.step() + took(event)
                    + (event.error().isEmpty() ? "" : " [" + event.error() + "]")) : null;
        };
        if (line != null) {
            synchronized (out) {
                out.println(timestamps ? TIME.format(event.at().atZone(zone)) + " " + line : line);
            }
        }
    }

    private static String row(String node, String text) {
        return String.format(Locale.ROOT, "  %-14s %s", node, text);
    }

    private static String took(Event event) {
        return String.format(Locale.ROOT, " (%.1f s)", event.took().toMillis() / 1000.0);
    }
}
