package dev.citusdeploy.inventory.settings;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The base unit of a numeric setting (pg_settings.unit) and the units a value may be written in,
 * as guc.c's memory_unit_conversion_table and time_unit_conversion_table define them: memory in
 * B, kB, MB, GB, TB (1024 apart), time in us, ms, s, min, h, d. Unit names are case-sensitive.
 */
final class SettingUnit {
    private record Unit(String name, double size) {
    }

    /** Greatest first, as guc.c orders its tables; sizes in bytes. */
    private static final List<Unit> MEMORY = List.of(new Unit("TB", 0x1p40), new Unit("GB", 0x1p30),
            new Unit("MB", 0x1p20), new Unit("kB", 0x1p10), new Unit("B", 1));
    /** Sizes in microseconds. */
    private static final List<Unit> TIME = List.of(new Unit("d", 86_400e6), new Unit("h", 3_600e6),
            new Unit("min", 60e6), new Unit("s", 1e6), new Unit("ms", 1e3), new Unit("us", 1));
    /** guc.c's MAX_UNIT_LEN: a unit is at most 3 characters. */
    private static final int MAX_UNIT_LENGTH = 3;
    private static final Pattern BLOCKS = Pattern.compile("([0-9]+)(kB|MB)");

    private final String base;
    private final double baseSize;
    private final List<Unit> units;

    private SettingUnit(String base, double baseSize, List<Unit> units) {
        this.base = base;
        this.baseSize = baseSize;
        this.units = units;
    }

    /** The unit of pg_settings: kB, MB, B, 8kB (blocks), ms, s, min; empty for none. */
    static Optional<SettingUnit> of(String unit) {
        if (unit.isEmpty()) {
            return Optional.empty();
        }
        for (List<Unit> table : List.of(MEMORY, TIME)) {
            for (Unit u : table) {
                if (u.name().equals(unit)) {
                    return Optional.of(new SettingUnit(unit, u.size(), table));
                }
            }
        }
        Matcher blocks = BLOCKS.matcher(unit);
        if (blocks.matches()) {
            double size = Integer.parseInt(blocks.group(1)) * (blocks.group(2).equals("kB") ? 0x1p10 : 0x1p20);
            return Optional.of(new SettingUnit(unit, size, MEMORY));
        }
        throw new IllegalArgumentException("unknown unit " + unit);
    }

    boolean isMemory() {
        return units == MEMORY;
    }

    /**
     * guc.c's convert_to_base_unit: {@code text} is what follows the number (a unit, then only
     * white space). A fractional value is rounded to a whole number of the next smaller unit
     * ({@code 1.5GB} to MB). Empty when the unit is not one of this setting's kind.
     */
    OptionalDouble toBase(double value, String text) {
        int end = 0;
        while (end < text.length() && end < MAX_UNIT_LENGTH && !CNumber.isSpace(text.charAt(end))) {
            end++;
        }
        if (CNumber.skipSpace(text, end) != text.length()) {
            return OptionalDouble.empty();
        }
        String name = text.substring(0, end);
        for (int i = 0; i < units.size(); i++) {
            if (units.get(i).name().equals(name)) {
                double converted = value * (units.get(i).size() / baseSize);
                if (i + 1 < units.size()) {
                    double next = units.get(i + 1).size() / baseSize;
                    converted = Math.rint(converted / next) * next;
                }
                return OptionalDouble.of(converted);
            }
        }
        return OptionalDouble.empty();
    }

    /** A whole number of base units in the greatest unit that holds it exactly: 1024 kB is 1MB. */
    String format(long baseValue) {
        if (baseValue <= 0) {
            return Long.toString(baseValue); // 0 and -1 ("off", "default") read better bare
        }
        double amount = baseValue * baseSize;
        for (Unit u : units) {
            if (u.size() <= amount && amount % u.size() == 0) {
                return (long) (amount / u.size()) + u.name();
            }
        }
        return baseValue + base;
    }

    /** A real number in base units, as pg_settings shows it, with the unit. */
    String format(String baseValue) {
        return Double.parseDouble(baseValue) == 0 ? "0" : baseValue + base;
    }

    /** The units a value of this kind may be written in: "B, kB, MB, GB and TB". */
    String unitNames() {
        StringBuilder names = new StringBuilder();
        for (int i = units.size() - 1; i >= 0; i--) {
            names.append(units.get(i).name()).append(i > 1 ? ", " : i == 1 ? " and " : "");
        }
        return names.toString();
    }
}
