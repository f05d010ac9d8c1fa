package dev.citusdeploy.inventory.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** strtol (base 0) and strtod as glibc reads them: the value and where the number stops. */
class CNumberTest {
    @ParameterizedTest(name = "strtol \"{0}\"")
    @CsvSource(delimiter = '|', value = {
        "42|42|2", "'  42kB'|42|4", "-7|-7|2", "+7|7|2",
        "0x1A|26|4", "0X1a|26|4", "-0x10|-16|5", "010|8|3", "08|0|1", "0x|0|1", "0xg|0|1",
        "1.5|1|1", "1e3|1|1", "kB|0|0", "''|0|0", "' .5'|0|0"})
    void strtol(String text, double value, int end) {
        CNumber n = CNumber.strtol(text);
        assertEquals(value, n.value());
        assertEquals(end, n.end());
    }

    @ParameterizedTest(name = "strtod \"{0}\"")
    @CsvSource(delimiter = '|', value = {
        "1.5|1.5|3", "' 1.5GB'|1.5|4", ".5|0.5|2", "5.|5|2", "-2.5e3|-2500|6", "1e|1|1", "1e+|1|1", "1E-2x|0.01|4",
        "0x1.8p1|3|7", "0x.8|0.5|4", "0x10|16|4", "0x|0|1", "inf|Infinity|3", "-Infinity|-Infinity|9",
        "010|10|3", ".|0|0", "e5|0|0"})
    void strtod(String text, double value, int end) {
        CNumber n = CNumber.strtod(text);
        assertEquals(value, n.value());
        assertEquals(end, n.end());
    }

    @ParameterizedTest(name = "ERANGE for \"{0}\"")
    @CsvSource({"1e400", "-1e400", "1e-400"})
    void overflowAndUnderflowAreOutOfRange(String text) {
        assertTrue(CNumber.strtod(text).outOfRange());
    }

    @ParameterizedTest(name = "strtol overflows on {0}")
    @CsvSource({"9223372036854775808", "-9223372036854775809"})
    void strtolOverflowsPastALong(String text) {
        assertTrue(CNumber.strtol(text).outOfRange());
        assertTrue(!CNumber.strtol("9223372036854775807").outOfRange());
    }

    @ParameterizedTest
    @CsvSource({"nan", "NaN", "-nan"})
    void nanIsANumberToStrtod(String text) {
        assertTrue(Double.isNaN(CNumber.strtod(text).value()));
    }
}
