package dev.citusdeploy.report;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Progress on a terminal: one live line per node (or server), redrawn in place as its steps start
 * and finish, so a run over many nodes stays one screen high. A failed step stays on its line.
 */
public final class LiveLines implements Consumer<Event> {
    private static final String UP = "\033[%dA";
    private static final String CLEAR_LINE = "\033[2K\r";

    private final PrintWriter out;
    private final Map<String, String> lines = new LinkedHashMap<>();
    private int drawn;

    public LiveLines(PrintWriter out) {
        this.out = out;
    }

    @Override
    public synchronized void accept(Event event) {
        String took = String.format(Locale.ROOT, " (%.1f s)", event.took().toMillis() / 1000.0);
        String text = switch (event.kind()) {
            case STARTED -> event.step() + " ...";
            case FINISHED -> "done: " + event.step() + took;
            case FAILED -> "FAILED " + event.step() + ": " + event.error() + took;
            case PROGRESS -> event.step();
            case COMMAND -> null;
        };
        if (text == null) {
            return;
        }
        lines.put(event.node(), String.format(Locale.ROOT, "  %-14s %s", event.node(), text));
        redraw();
    }

    private void redraw() {
        StringBuilder screen = new StringBuilder();
        if (drawn > 0) {
            screen.append(String.format(Locale.ROOT, UP, drawn));
        }
        for (String line : lines.values()) {
            screen.append(CLEAR_LINE).append(line).append('\n');
        }
        drawn = lines.size();
        out.print(screen);
        out.flush();
    }
}
