package dev.citusdeploy.apply;

import java.time.Duration;

/**
 * @param dryRun        gather facts and print the plan; change nothing
 * @param healthTimeout how long a node may take to become healthy after its container starts
 */
public record ApplyOptions(boolean dryRun, Duration healthTimeout) {

    public static ApplyOptions defaults() {
        return new ApplyOptions(false, Duration.ofMinutes(5));
    }
}
