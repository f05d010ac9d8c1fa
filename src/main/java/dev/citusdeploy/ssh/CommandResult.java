package dev.citusdeploy.ssh;

/** What a remote command returned. */
public record CommandResult(int exitCode, String stdout, String stderr) {

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
