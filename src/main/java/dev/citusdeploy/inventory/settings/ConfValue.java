package dev.citusdeploy.inventory.settings;

/**
 * A setting's value as the inventory or a defaults file writes it, and as PostgreSQL receives it
 * from postgresql.conf. A value may be written in postgresql.conf's quotes ({@code '%m [%p] '});
 * the server sees what is inside them.
 */
public final class ConfValue {
    private ConfValue() {
    }

    /** {@code 'it''s'} becomes {@code it's}; a value without surrounding quotes stays as it is. */
    public static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
            return value.substring(1, value.length() - 1).replace("''", "'");
        }
        return value;
    }

    /** A newline, tab or other control character: such a value has no place in a one-line setting. */
    public static boolean hasControlCharacter(String value) {
        return value.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }
}
