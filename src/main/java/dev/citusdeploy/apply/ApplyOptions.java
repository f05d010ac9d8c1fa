package dev.citusdeploy.apply;

import java.time.Duration;

/**
 * @param dryRun          gather facts and print the plan; change nothing
 * @param healthTimeout   how long a node may take to accept connections after its container starts
 * @param noRestart       leave running nodes running: restarts that settings need wait (plan and
 *                        status show them), and a changed compose file is not uploaded to a running node
 * @param restartParallel how many workers restart at once in a rolling restart (the coordinator always alone)
 * @param lockWait        how long to wait for another run's cluster lock (zero: fail at once, naming it)
 * @param transferMode    how shards move off leaving workers: auto, force_logical or block_writes
 * @param purge           delete the data volumes and folders of removed workers (else kept)
 * @param moveTimeout     how long to follow a drain or rebalance before leaving it to run in the background
 * @param noRebalance     leave the shards where they are when workers are added (else they are rebalanced)
 */
public record ApplyOptions(boolean dryRun, Duration healthTimeout, boolean noRestart, int restartParallel, Duration lockWait,
                           String transferMode, boolean purge, Duration moveTimeout, boolean noRebalance) {

    public ApplyOptions {
        if (restartParallel < 1) {
            throw new IllegalArgumentException("restartParallel must be 1 or more");
        }
    }

    public ApplyOptions(boolean dryRun, Duration healthTimeout, boolean noRestart, int restartParallel, Duration lockWait) {
        this(dryRun, healthTimeout, noRestart, restartParallel, lockWait, "auto", false, Duration.ofHours(24), false);
    }

    public ApplyOptions(boolean dryRun, Duration healthTimeout) {
        this(dryRun, healthTimeout, false, 1, Duration.ZERO);
    }

    public static ApplyOptions defaults() {
        return new ApplyOptions(false, Duration.ofMinutes(5));
    }

    /** How shards move (drain, rebalance), and what happens to removed workers' data. */
    public ApplyOptions withShardMoves(String mode, boolean purgeData, Duration timeout, boolean skipRebalance) {
        return new ApplyOptions(dryRun, healthTimeout, noRestart, restartParallel, lockWait, mode, purgeData, timeout, skipRebalance);
    }
}
