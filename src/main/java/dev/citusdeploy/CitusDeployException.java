package dev.citusdeploy;

import java.util.List;

/**
 * The one exception type that ends a command. It carries the exit code and one line per problem;
 * each line starts with what it concerns (a server, a node, or an inventory path and line).
 * Only {@link Main} prints it.
 */
public class CitusDeployException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ExitCode exitCode;
    private final List<String> lines;

    public CitusDeployException(ExitCode exitCode, String line) {
        this(exitCode, List.of(line), null);
    }

    public CitusDeployException(ExitCode exitCode, String line, Throwable cause) {
        this(exitCode, List.of(line), cause);
    }

    public CitusDeployException(ExitCode exitCode, List<String> lines, Throwable cause) {
        super(String.join("\n", lines), cause);
        this.exitCode = exitCode;
        this.lines = List.copyOf(lines);
    }

    public ExitCode exitCode() {
        return exitCode;
    }

    public List<String> lines() {
        return lines;
    }

    /** The same error with one more line at the end (what the operator can do about it). */
    public CitusDeployException withLine(String line) {
        List<String> more = new java.util.ArrayList<>(lines);
        more.add(line);
        return new CitusDeployException(exitCode, more, getCause() != null ? getCause() : this);
    }
}
