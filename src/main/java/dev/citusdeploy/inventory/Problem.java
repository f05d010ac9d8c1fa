package dev.citusdeploy.inventory;

/** One thing wrong with an inventory: where (YAML path and line) and what. */
public record Problem(String path, int line, String message) {

    /** {@code inventory.yml:12: workers[1].port: must be between 1 and 65535}. */
    public String format(String fileName) {
        String where = line > 0 ? fileName + ":" + line : fileName;
        return path.isEmpty() ? where + ": " + message : where + ": " + path + ": " + message;
    }
}
