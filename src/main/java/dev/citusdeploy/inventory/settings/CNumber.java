package dev.citusdeploy.inventory.settings;

import java.math.BigInteger;
import java.util.Locale;

/**
 * The number at the start of a text as C's {@code strtol(text, &end, 0)} and {@code strtod} read
 * it, which is how PostgreSQL's parse_int and parse_real (guc.c) begin: leading white space, a
 * sign, then decimal, octal ({@code 010} is 8) or hexadecimal ({@code 0x10}) for strtol, and
 * decimal, hexadecimal, {@code inf}/{@code infinity} or {@code nan} for strtod.
 *
 * @param end where the number stops; 0 when there is none (C's end pointer left at the start)
 * @param outOfRange C's {@code errno == ERANGE}
 */
record CNumber(double value, int end, boolean outOfRange) {
    private static final CNumber NONE = new CNumber(0, 0, false);

    static CNumber strtol(String s) {
        int i = skipSpace(s, 0);
        boolean negative = i < s.length() && s.charAt(i) == '-';
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            i++;
        }
        int radix = 10;
        if (hexPrefix(s, i, false)) {
            radix = 16;
            i += 2;
        } else if (i < s.length() && s.charAt(i) == '0') {
            radix = 8;
        }
        int start = i;
        i = digits(s, i, radix);
        if (i == start) {
            return NONE;
        }
        BigInteger value = new BigInteger(s.substring(start, i), radix);
        value = negative ? value.negate() : value;
        boolean outsideLong = value.bitLength() > 63;
        return new CNumber(outsideLong ? 0 : value.doubleValue(), i, outsideLong);
    }

    static CNumber strtod(String s) {
        int from = skipSpace(s, 0);
        int i = from;
        boolean negative = i < s.length() && s.charAt(i) == '-';
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            i++;
        }
        String rest = s.substring(i).toLowerCase(Locale.ROOT);
        if (rest.startsWith("inf")) {
            double infinity = negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            return new CNumber(infinity, i + (rest.startsWith("infinity") ? 8 : 3), false);
        }
        if (rest.startsWith("nan")) {
            return new CNumber(Double.NaN, i + 3, false);
        }
        boolean hex = hexPrefix(s, i, true);
        int mantissa = hex ? i + 2 : i;
        int radix = hex ? 16 : 10;
        int end = digits(s, mantissa, radix);
        if (end < s.length() && s.charAt(end) == '.') {
            end = digits(s, end + 1, radix);
        }
        if (end - mantissa == 0 || s.substring(mantissa, end).equals(".")) {
            return NONE;
        }
        boolean nonZero = s.substring(mantissa, end).chars().anyMatch(c -> c != '0' && c != '.');
        int exponentEnd = exponent(s, end, hex ? 'p' : 'e');
        // Java spells a hexadecimal number like C, but insists on its binary exponent.
        String text = s.substring(from, exponentEnd) + (hex && exponentEnd == end ? "p0" : "");
        double value = Double.parseDouble(text);
        boolean range = Double.isInfinite(value) || nonZero && Math.abs(value) < Double.MIN_NORMAL;
        return new CNumber(value, exponentEnd, range);
    }

    /** C's isspace in the C locale: space, \t, \n, \v, \f, \r. */
    static boolean isSpace(char c) {
        return c == ' ' || c >= '\t' && c <= '\r';
    }

    static int skipSpace(String s, int i) {
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** {@code 0x} followed by a hex digit (or, for strtod, by a point and a hex digit). */
    private static boolean hexPrefix(String s, int i, boolean pointAllowed) {
        if (i + 2 >= s.length() || s.charAt(i) != '0' || Character.toLowerCase(s.charAt(i + 1)) != 'x') {
            return false;
        }
        int next = pointAllowed && s.charAt(i + 2) == '.' ? i + 3 : i + 2;
        return digits(s, next, 16) > next;
    }

    private static int exponent(String s, int i, char letter) {
        if (i >= s.length() || Character.toLowerCase(s.charAt(i)) != letter) {
            return i;
        }
        int j = i + 1;
        if (j < s.length() && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
            j++;
        }
        int end = digits(s, j, 10);
        return end > j ? end : i;
    }

    private static int digits(String s, int i, int radix) {
        while (i < s.length() && s.charAt(i) < 128 && Character.digit(s.charAt(i), radix) >= 0) {
            i++;
        }
        return i;
    }
}
