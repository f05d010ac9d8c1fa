package dev.citusdeploy.report;

import java.util.Locale;

/** Sizes for people: 0 B, 512 kB, 1.2 GB (powers of 1024, as pg_size_pretty). */
final class Bytes {
    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB"};

    private Bytes() {
    }

    static String human(long bytes) {
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, value >= 10 ? "%.0f %s" : "%.1f %s", value, UNITS[unit]);
    }
}
