package dev.citusdeploy.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class Utf8TextTest {
    private static final String TEXT = "cluster: demo\nservers:\n  - name: db1\n";

    @Test
    void readsUtf8WithOrWithoutByteOrderMark() {
        byte[] bytes = ("\uFEFF" + TEXT + "# Café 🐘\n").getBytes(StandardCharsets.UTF_8);
        assertEquals(Optional.empty(), Utf8Text.problem(bytes));
        assertEquals(TEXT + "# Café 🐘\n", Utf8Text.decode(bytes));
    }

    @Test
    void namesTheLineOfTheFirstByteThatIsNotUtf8() {
        byte[] latin1 = (TEXT + "# Café\n").getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(Optional.of(new Problem("", 4, "not UTF-8 (byte 0xE9); save the file as UTF-8")), Utf8Text.problem(latin1));
    }

    @Test
    void namesOtherUnicodeEncodingsByTheirByteOrderMark() {
        assertEquals("not UTF-8 (UTF-16LE, by its byte order mark); save the file as UTF-8",
                message(("\uFEFF" + TEXT).getBytes(StandardCharsets.UTF_16LE)));
        assertEquals("not UTF-8 (UTF-16BE, by its byte order mark); save the file as UTF-8",
                message(("\uFEFF" + TEXT).getBytes(StandardCharsets.UTF_16BE)));
        assertEquals("not UTF-8 (UTF-32LE, by its byte order mark); save the file as UTF-8",
                message(("\uFEFF" + TEXT).getBytes(Charset.forName("UTF-32LE"))));
    }

    @Test
    void utf16WithoutByteOrderMarkShowsAsZeroBytes() {
        assertEquals(Optional.of(new Problem("", 1, "not UTF-8 (byte 0x00, as in UTF-16); save the file as UTF-8")),
                Utf8Text.problem(TEXT.getBytes(StandardCharsets.UTF_16BE)));
    }

    private static String message(byte[] bytes) {
        return Utf8Text.problem(bytes).orElseThrow().message();
    }
}
