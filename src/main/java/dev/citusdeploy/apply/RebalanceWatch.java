package dev.citusdeploy.apply;

import dev.citusdeploy.CitusDeployException;
import dev.citusdeploy.ExitCode;
import dev.citusdeploy.db.CitusAdmin;
import dev.citusdeploy.db.JobStatus;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Follows a Citus rebalance job until it ends, by polling citus_job_status() (never one long
 * wait in a statement, which a timeout would cancel while the job goes on). Prints a progress line
 * when something moves and at least every {@link #QUIET_INTERVAL}; fails with Citus' own message if
 * the job fails; at the deadline, or on Ctrl-C, stops waiting (the job goes on) and says how to
 * watch or cancel it.
 */
public final class RebalanceWatch {
    static final Duration QUIET_INTERVAL = Duration.ofSeconds(15);
    private static final String HOW_TO = "watch it with SELECT * FROM citus_rebalance_status(); on the coordinator,"
            + " or cancel it with SELECT citus_rebalance_stop();";

    private final CitusAdmin coordinator;
    private final Consumer<String> progress;
    private final Duration poll;

    RebalanceWatch(CitusAdmin coordinator, Consumer<String> progress, Duration poll) {
        this.coordinator = coordinator;
        this.progress = progress;
        this.poll = poll;
    }

    /** Returns the final status once the job has finished; throws if it failed, was cancelled or outlived the deadline. */
    JobStatus follow(long jobId, Duration deadline) {
        long started = System.nanoTime();
        long end = started + deadline.toNanos();
        Thread onInterrupt = new Thread(() -> progress.accept("Stopped waiting; rebalance job " + jobId
                + " goes on in the background: " + HOW_TO));
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try {
            String last = "";
            long lastPrinted = 0;
            while (true) {
                JobStatus status = coordinator.jobStatus(jobId);
                String line = describe(status, Duration.ofNanos(System.nanoTime() - started));
                boolean changed = !withoutElapsed(line).equals(withoutElapsed(last));
                if (changed || System.nanoTime() - lastPrinted > QUIET_INTERVAL.toNanos()) {
                    progress.accept(line);
                    last = line;
                    lastPrinted = System.nanoTime();
                }
                if (status.finished()) {
                    return status;
                }
                if (status.stopped()) {
                    throw new CitusDeployException(ExitCode.REMOTE_FAILURE, "coordinator: rebalance job " + jobId + " "
                            + status.state() + (status.errors().isEmpty() ? "" : ": " + String.join("; ", status.errors())));
                }
                if (System.nanoTime() > end) {
                    throw new CitusDeployException(ExitCode.REMOTE_FAILURE, "coordinator: rebalance job " + jobId
                            + " did not finish within " + deadline.toMinutes() + " min (" + status.done() + "/" + status.total()
                            + " moves done); it goes on in the background: " + HOW_TO);
                }
                sleep(poll);
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs: Ctrl-C arrived while we were waiting
            }
        }
    }

    static String describe(JobStatus status, Duration elapsed) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-14s job %d %s: %d/%d moves done",
                "rebalance", status.jobId(), status.state(), status.done(), status.total()));
        if (!status.moving().isEmpty()) {
            line.append(", moving ").append(String.join(", ", status.moving()));
        }
        if (!status.errors().isEmpty()) {
            line.append(", retrying after: ").append(String.join("; ", status.errors()));
        }
        long seconds = elapsed.toSeconds();
        line.append(String.format(Locale.ROOT, " (%d:%02d)", seconds / 60, seconds % 60));
        return line.toString();
    }

    private static String withoutElapsed(String line) {
        int paren = line.lastIndexOf(" (");
        return paren < 0 ? line : line.substring(0, paren);
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CitusDeployException(ExitCode.INTERNAL, "interrupted while following the rebalance", e);
        }
    }
}
