package dev.citusdeploy.ssh;

import java.util.List;

/** What a remote command returned. */
public record CommandResult(int exitCode, String stdout, String stderr) {
    /** The exit code of a command abandoned at its deadline (as timeout(1) reports it). */
    public static final int TIMED_OUT = 124;

    public static CommandResult timedOut(List<String> argv, java.time.Duration timeout) {
        return new CommandResult(TIMED_OUT, "", argv.get(0) + " did not finish within " + timeout.toSeconds()
                + " s; it was abandoned (it may still be running on the server)");
    }

    public boolean ok() {
        return exitCode == 0;
    }

    /** The last non-blank line of stderr (or stdout), which is where tools put the reason. */
    public String reason() {
        String text = stderr.isBlank() ? stdout : stderr;
        String[] lines = text.strip().split("\n");
        return lines.length == 0 || lines[lines.length - 1].isBlank()
                ? "exit status " + exitCode : lines[lines.length - 1].strip();
    }
}
