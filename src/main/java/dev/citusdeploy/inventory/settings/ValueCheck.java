package dev.citusdeploy.inventory.settings;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether PostgreSQL accepts a value for a setting, by the rules of guc.c's
 * parse_and_validate_value and bool.c's parse_bool. Check hooks (a time zone's name, whether a
 * library exists, ...) run only in the server, so any string value passes here.
 */
public final class ValueCheck {
    /** For a value with a newline, tab or other control character. */
    public static final String CONTROL_CHARACTER =
            "must be one line of text: no newline, tab or other control character";

    private ValueCheck() {
    }

    /** A one-line message, or empty when PostgreSQL takes the value ({@code value} as the server receives it). */
    public static Optional<String> problem(SettingDefinition setting, String value) {
        if (setting.isInternal()) {
            return Optional.of("cannot be set: PostgreSQL fixes it when it is built or when its data directory is created");
        }
        return switch (setting.type()) {
            case BOOL -> isBool(value) ? Optional.empty()
                    : invalid(value, setting, "a Boolean: on, off, true, false, yes, no, 1 or 0");
            case ENUM -> isEnumValue(setting, value) ? Optional.empty()
                    : invalid(value, setting, "one of: " + String.join(", ", shown(setting.enumValues())));
            case INTEGER, REAL -> number(setting, value);
            case STRING -> Optional.empty();
        };
    }

    /** parse_bool: true, false, yes, no and their prefixes, on, off (2 letters at least), 1, 0; any case. */
    static boolean isBool(String value) {
        if (value.isEmpty()) {
            return false;
        }
        String v = value.toLowerCase(Locale.ROOT);
        return switch (v.charAt(0)) {
            case 't' -> "true".startsWith(v);
            case 'f' -> "false".startsWith(v);
            case 'y' -> "yes".startsWith(v);
            case 'n' -> "no".startsWith(v);
            case 'o' -> v.length() >= 2 && ("on".startsWith(v) || "off".startsWith(v));
            case '1', '0' -> v.length() == 1;
            default -> false;
        };
    }

    /** config_enum_lookup_by_name: case-insensitive, hidden spellings included. */
    private static boolean isEnumValue(SettingDefinition setting, String value) {
        return setting.enumValues().stream().anyMatch(value::equalsIgnoreCase)
                || setting.hiddenEnumValues().stream().anyMatch(value::equalsIgnoreCase);
    }

    private static Optional<String> number(SettingDefinition setting, String value) {
        Optional<SettingUnit> unit = SettingUnit.of(setting.unit());
        boolean integer = setting.type() == SettingType.INTEGER;
        NumericValue.Reading reading = integer ? NumericValue.integer(value, unit) : NumericValue.real(value, unit);
        String range = range(setting, unit);
        return switch (reading.outcome()) {
            case NOT_A_NUMBER -> invalid(value, setting, kind(integer, unit) + range);
            case BAD_UNIT -> invalid(value, setting, (unit.get().isMemory() ? "memory" : "time") + " units are "
                    + unit.get().unitNames() + ", case-sensitive;" + range);
            case OUT_OF_RANGE -> outOfRange(value, setting, range);
            case NUMBER -> reading.value() < Double.parseDouble(setting.min())
                    || reading.value() > Double.parseDouble(setting.max())
                    ? outOfRange(value, setting, range) : Optional.empty();
        };
    }

    private static String kind(boolean integer, Optional<SettingUnit> unit) {
        if (unit.isEmpty()) {
            return integer ? "an integer" : "a number";
        }
        return unit.get().isMemory() ? "an amount of memory such as 64MB;" : "a time such as 30s;";
    }

    /** " between 64kB and 2147483647kB", in the units SHOW would use. */
    private static String range(SettingDefinition setting, Optional<SettingUnit> unit) {
        if (unit.isEmpty()) {
            return " between " + setting.min() + " and " + setting.max();
        }
        if (setting.type() == SettingType.INTEGER) {
            return " between " + unit.get().format(Long.parseLong(setting.min()))
                    + " and " + unit.get().format(Long.parseLong(setting.max()));
        }
        return " between " + unit.get().format(setting.min()) + " and " + unit.get().format(setting.max());
    }

    private static Optional<String> invalid(String value, SettingDefinition setting, String expected) {
        return Optional.of("\"" + value + "\" is not a valid value for " + setting.name() + " (" + expected + ")");
    }

    private static Optional<String> outOfRange(String value, SettingDefinition setting, String range) {
        return Optional.of("\"" + value + "\" is out of range for " + setting.name() + " (" + range.strip() + ")");
    }

    private static List<String> shown(List<String> values) {
        return values.stream().map(v -> v.isEmpty() ? "''" : v).toList();
    }
}
