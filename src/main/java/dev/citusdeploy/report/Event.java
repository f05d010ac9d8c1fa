package dev.citusdeploy.report;

import java.time.Duration;
import java.time.Instant;

/**
 * What the executor reports as it runs a plan; renderers turn these into progress lines (and later
 * the audit trail). Never holds a secret.
 *
 * @param node  what the step concerns (a node, or a server for server-wide steps and commands)
 * @param step  the step as people read it ("create /opt/...", "docker compose ... up --detach")
 * @param took  zero for STARTED
 * @param error the one-line reason for FAILED, else ""
 */
public record Event(Instant at, Kind kind, String node, String step, Duration took, String error) {

    public enum Kind {
        /** A plan step begins. */
        STARTED,
        /** A plan step ended well. */
        FINISHED,
        /** A plan step failed; the run stops after the steps running in parallel end. */
        FAILED,
        /** One remote command ran (shown with --verbose). */
        COMMAND,
        /** How a long step is going (a drain: shards moved so far); shown, not recorded. */
        PROGRESS
    }

    public static Event started(String node, String step) {
        return new Event(Instant.now(), Kind.STARTED, node, step, Duration.ZERO, "");
    }

    public static Event finished(String node, String step, Duration took) {
        return new Event(Instant.now(), Kind.FINISHED, node, step, took, "");
    }

    public static Event failed(String node, String step, Duration took, String error) {
        return new Event(Instant.now(), Kind.FAILED, node, step, took, error);
    }

    public static Event progress(String node, String line) {
        return new Event(Instant.now(), Kind.PROGRESS, node, line, Duration.ZERO, "");
    }

    public static Event command(String server, String command, Duration took, int exitCode) {
        return new Event(Instant.now(), Kind.COMMAND, server, command, took, exitCode == 0 ? "" : "exit " + exitCode);
    }
}
