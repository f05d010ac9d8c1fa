package dev.citusdeploy.apply;

import java.time.Duration;

/**
 * @param dryRun          gather facts and print the plan; change nothing
 * @param healthTimeout   how long a node may take to accept connections after its container starts
 * @param noRestart       leave running nodes running: restarts that settings need wait (plan and
 *                        status show them), and a changed compose file is not uploaded to a running node
 * @param restartParallel how many workers restart at once in a rolling restart (the coordinator always alone)
 * @param lockWait        how long to wait for another run's cluster lock (zero: fail at once, naming it)
 */
public record ApplyOptions(boolean dryRun, Duration healthTimeout, boolean noRestart, int restartParallel, Duration lockWait) {

    public ApplyOptions {
        if (restartParallel < 1) {
            throw new IllegalArgumentException("restartParallel must be 1 or more");
        }
    }

    public ApplyOptions(boolean dryRun, Duration healthTimeout) {
        this(dryRun, healthTimeout, false, 1, Duration.ZERO);
    }

    public static ApplyOptions defaults() {
        return new ApplyOptions(false, Duration.ofMinutes(5));
    }
}
