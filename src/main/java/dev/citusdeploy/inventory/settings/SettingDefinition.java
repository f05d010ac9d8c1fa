package dev.citusdeploy.inventory.settings;

import java.util.List;

/**
 * One setting as a PostgreSQL server describes it in pg_settings.
 *
 * @param unit the base unit of a number ({@code kB}, {@code 8kB}, {@code ms}, ...), empty for none
 * @param min the lowest value in the base unit, empty when the type has no range
 * @param max the highest value in the base unit, empty when the type has no range
 * @param enumValues the spellings pg_settings lists for an enum
 * @param hiddenEnumValues spellings the server also accepts but does not list (synchronous_commit = yes)
 * @param context when a change takes effect: postmaster (restart), sighup (reload), user, ...; internal
 *     settings cannot be set at all
 */
public record SettingDefinition(String name, SettingType type, String unit, String min, String max,
                                List<String> enumValues, List<String> hiddenEnumValues, String context) {

    public SettingDefinition {
        enumValues = List.copyOf(enumValues);
        hiddenEnumValues = List.copyOf(hiddenEnumValues);
    }

    public boolean isInternal() {
        return context.equals("internal");
    }
}
