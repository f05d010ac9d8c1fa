package dev.citusdeploy.inventory.settings;

/** A setting PostgreSQL would refuse, and why, in one line. */
public record SettingProblem(String name, String message) {

    /** {@code io_method: not a setting of PostgreSQL 15 (only of PostgreSQL 18)}. */
    @Override
    public String toString() {
        return name + ": " + message;
    }
}
