package dev.citusdeploy.inventory;

/** One thing wrong with an inventory: where (YAML path and line) and what. */
public record Problem(String path, int line, String message) {

    /**
     * {@code inventory.yml:12: workers[1].port: must be between 1 and 65535}. Always one line: a
     * value quoted in the message shows its line breaks and other invisible characters escaped.
     */
    public String format(String fileName) {
        String where = line > 0 ? fileName + ":" + line : fileName;
        return visible(path.isEmpty() ? where + ": " + message : where + ": " + path + ": " + message);
    }

    public static String visible(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    int type = Character.getType(c);
                    if (Character.isISOControl(c) || type == Character.LINE_SEPARATOR
                            || type == Character.PARAGRAPH_SEPARATOR || type == Character.FORMAT) {
                        out.append(String.format("\\u%04X", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.toString();
    }
}
