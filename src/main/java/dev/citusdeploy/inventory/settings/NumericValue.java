package dev.citusdeploy.inventory.settings;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * guc.c's parse_int and parse_real: a number, then optionally white space and a unit, converted to
 * the setting's base unit. Integers may be written as fractions and in any unit of their kind
 * ({@code 1.5GB} for a kB setting); they are rounded after the conversion.
 */
final class NumericValue {
    enum Outcome { NUMBER, NOT_A_NUMBER, BAD_UNIT, OUT_OF_RANGE }

    /** What the text reads as; {@code value} (in base units) only for {@link Outcome#NUMBER}. */
    record Reading(Outcome outcome, double value) {
        static Reading of(Outcome outcome) {
            return new Reading(outcome, 0);
        }
    }

    private NumericValue() {
    }

    static Reading integer(String text, Optional<SettingUnit> unit) {
        CNumber number = CNumber.strtol(text);
        // As parse_int: a decimal point, an exponent or a long overflow means "read it as a double".
        char stop = number.end() < text.length() ? text.charAt(number.end()) : '\0';
        if (stop == '.' || stop == 'e' || stop == 'E' || number.outOfRange()) {
            number = CNumber.strtod(text);
        }
        Reading reading = withUnit(text, number, unit);
        if (reading.outcome() != Outcome.NUMBER) {
            return reading;
        }
        double rounded = Math.rint(reading.value());
        if (rounded > Integer.MAX_VALUE || rounded < Integer.MIN_VALUE) {
            return Reading.of(Outcome.OUT_OF_RANGE);
        }
        return new Reading(Outcome.NUMBER, rounded);
    }

    static Reading real(String text, Optional<SettingUnit> unit) {
        return withUnit(text, CNumber.strtod(text), unit);
    }

    private static Reading withUnit(String text, CNumber number, Optional<SettingUnit> unit) {
        if (number.end() == 0 || Double.isNaN(number.value())) {
            return Reading.of(Outcome.NOT_A_NUMBER);
        }
        if (number.outOfRange()) {
            return Reading.of(Outcome.OUT_OF_RANGE);
        }
        int rest = CNumber.skipSpace(text, number.end());
        if (rest == text.length()) {
            return new Reading(Outcome.NUMBER, number.value());
        }
        if (unit.isEmpty()) {
            return Reading.of(Outcome.NOT_A_NUMBER); // this setting takes no unit
        }
        OptionalDouble base = unit.get().toBase(number.value(), text.substring(rest));
        return base.isPresent() ? new Reading(Outcome.NUMBER, base.getAsDouble()) : Reading.of(Outcome.BAD_UNIT);
    }
}
