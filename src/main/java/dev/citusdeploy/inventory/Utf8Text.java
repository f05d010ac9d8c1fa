package dev.citusdeploy.inventory;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * An inventory file's bytes as text. Only UTF-8 is read (a UTF-8 byte order mark is allowed):
 * a file in another encoding is named as such, with the line of its first byte that is not UTF-8,
 * rather than read as something else.
 */
final class Utf8Text {
    private static final String SAVE = "; save the file as UTF-8";

    private Utf8Text() {
    }

    /** Why these bytes are not UTF-8 text, on the line of the first bad byte; empty when they are. */
    static Optional<Problem> problem(byte[] bytes) {
        String bom = otherByteOrderMark(bytes);
        if (bom != null) {
            return Optional.of(new Problem("", 1, "not UTF-8 (" + bom + ", by its byte order mark)" + SAVE));
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CoderResult result = decoder.decode(in, CharBuffer.allocate(bytes.length + 1), true);
        if (result.isError()) {
            return Optional.of(notUtf8(bytes, in.position()));
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return Optional.of(notUtf8(bytes, i));
            }
        }
        return Optional.empty();
    }

    /** The text of bytes that {@link #problem} found no fault with. */
    static String decode(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static Problem notUtf8(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        String hint = bytes[offset] == 0 ? ", as in UTF-16" : "";
        return new Problem("", line, String.format("not UTF-8 (byte 0x%02X%s)%s", bytes[offset] & 0xff, hint, SAVE));
    }

    private static String otherByteOrderMark(byte[] b) {
        if (starts(b, 0x00, 0x00, 0xFE, 0xFF)) {
            return "UTF-32BE";
        }
        if (starts(b, 0xFF, 0xFE, 0x00, 0x00)) {
            return "UTF-32LE";
        }
        if (starts(b, 0xFE, 0xFF)) {
            return "UTF-16BE";
        }
        if (starts(b, 0xFF, 0xFE)) {
            return "UTF-16LE";
        }
        return null;
    }

    private static boolean starts(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
