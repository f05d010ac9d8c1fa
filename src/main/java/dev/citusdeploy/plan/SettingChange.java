package dev.citusdeploy.plan;

/**
 * A setting whose value a new postgresql.conf changes on a running node.
 *
 * @param before  "" when the setting was not in the old file
 * @param after   "" when the new file drops it (the server's default comes back)
 * @param context pg_settings.context as the node reports it (postmaster = needs a restart), "" if unknown
 */
public record SettingChange(String name, String before, String after, String context) {

    public boolean needsRestart() {
        return context.equals("postmaster");
    }

    /** {@code work_mem 64MB -> 128MB (reload)}. */
    public String describe() {
        String how = context.isEmpty() ? "" : needsRestart() ? " (needs a restart)" : " (reload)";
        return name + " " + (before.isEmpty() ? "(default)" : before) + " -> " + (after.isEmpty() ? "(default)" : after) + how;
    }
}
