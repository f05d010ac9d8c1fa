package dev.citusdeploy.render;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one line of postgresql.conf as PostgreSQL's lexer (guc-file.l) and ParseConfigFp do: a
 * name, an optional =, one value token (the longest of STRING, UNQUOTED_STRING, INTEGER, REAL),
 * then only white space or a # comment. Quoted values go through DeescapeQuotedString. Empty when
 * the line is not exactly one setting, which is what a broken value would cause.
 */
final class ConfLineReader {
    record Entry(String name, String value) {
    }

    private static final String LETTER = "[A-Za-z_\\x80-\\xff]";
    private static final String LETTER_OR_DIGIT = "[A-Za-z_0-9\\x80-\\xff]";
    private static final Pattern NAME = Pattern.compile(LETTER + LETTER_OR_DIGIT + "*(\\." + LETTER + LETTER_OR_DIGIT + "*)?");
    private static final List<Pattern> VALUES = List.of(
            Pattern.compile("'([^'\\\\\\n]|\\\\.|'')*'"),
            Pattern.compile(LETTER + "(" + LETTER_OR_DIGIT + "|[-._:/])*"),
            Pattern.compile("[-+]?([0-9]+|0x[0-9A-Fa-f]+)[a-zA-Z]*"),
            Pattern.compile("[-+]?[0-9]*\\.[0-9]*([Ee][-+]?[0-9]+)?"));
    private static final Pattern REST = Pattern.compile("[ \\t\\r]*(#.*)?");

    private ConfLineReader() {
    }

    static Optional<Entry> read(String line) {
        int i = skip(line, 0);
        Matcher name = NAME.matcher(line).region(i, line.length());
        if (!name.lookingAt()) {
            return Optional.empty();
        }
        i = skip(line, name.end());
        if (i < line.length() && line.charAt(i) == '=') {
            i = skip(line, i + 1);
        }
        int end = -1;
        for (Pattern value : VALUES) {
            Matcher m = value.matcher(line).region(i, line.length());
            if (m.lookingAt() && m.end() > end) {
                end = m.end();
            }
        }
        if (end <= i || !REST.matcher(line.substring(end)).matches()) {
            return Optional.empty();
        }
        String token = line.substring(i, end);
        return Optional.of(new Entry(name.group(), token.startsWith("'") ? deescape(token) : token));
    }

    private static int skip(String line, int i) {
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t' || line.charAt(i) == '\r')) {
            i++;
        }
        return i;
    }

    /** DeescapeQuotedString: \b \f \n \r \t, up to three octal digits, '' and \x for any other x. */
    private static String deescape(String token) {
        String s = token.substring(1, token.length() - 1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                char e = s.charAt(++i);
                switch (e) {
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    default -> {
                        if (e >= '0' && e <= '7') {
                            int octal = 0;
                            int k = i;
                            while (k < s.length() && k < i + 3 && s.charAt(k) >= '0' && s.charAt(k) <= '7') {
                                octal = octal * 8 + (s.charAt(k++) - '0');
                            }
                            out.append((char) octal);
                            i = k - 1;
                        } else {
                            out.append(e);
                        }
                    }
                }
            } else if (c == '\'' && i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                out.append('\'');
                i++;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
