package dev.citusdeploy.inventory.settings;

import java.util.Arrays;
import java.util.Locale;

/** pg_settings.vartype: how PostgreSQL parses a setting's value. */
public enum SettingType {
    BOOL, INTEGER, REAL, ENUM, STRING;

    static SettingType of(String vartype) {
        return Arrays.stream(values())
                .filter(t -> t.name().toLowerCase(Locale.ROOT).equals(vartype))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown vartype " + vartype));
    }
}
