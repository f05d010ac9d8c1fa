package dev.citusdeploy.ssh;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Independent, read-only commands run together as one remote command: one round trip instead of
 * one per command, and the commands run at the same time on the server. Each command keeps its
 * own exit status, stdout and stderr (returned base64-encoded, so any byte survives), and stdin
 * is /dev/null. Only for commands that change nothing: when the batch itself fails (no temporary
 * folder, a lost connection), every command reports that failure.
 */
public final class CommandBatch {
    private CommandBatch() {
    }

    /** Runs {@code commands} through {@code shell} as one command; the results in the same order. */
    public static List<CommandResult> run(RemoteShell shell, List<List<String>> commands, Duration timeout) {
        if (commands.isEmpty()) {
            return List.of();
        }
        CommandResult batch = shell.run(List.of("sh", "-c", script(commands), "citus-deploy-batch"), null, timeout);
        return parse(commands, batch);
    }

    /**
     * The script: each command in the background with its output in a private temporary folder,
     * then one {@code <index> <exit> <stdout base64> <stderr base64>} line per command.
     */
    /** How every batch script begins. */
    public static final String SCRIPT_START = "t=$(mktemp -d) || exit 97\n";

    public static String script(List<List<String>> commands) {
        StringBuilder script = new StringBuilder()
                .append(SCRIPT_START)
                .append("trap 'rm -rf \"$t\"' EXIT\n");
        for (int i = 0; i < commands.size(); i++) {
            script.append("( ").append(ShellQuoting.join(commands.get(i)))
                    .append(" </dev/null >\"$t/").append(i).append(".o\" 2>\"$t/").append(i)
                    .append(".e\"; echo $? >\"$t/").append(i).append(".c\" ) &\n");
        }
        script.append("wait\n")
                // Shell built-ins where they do (read, test): no process per empty output.
                .append("i=0; while [ $i -lt ").append(commands.size()).append(" ]; do ")
                .append("c=98; read -r c 2>/dev/null <\"$t/$i.c\"; printf '%s %s ' $i \"$c\"; ")
                .append("[ ! -s \"$t/$i.o\" ] || base64 -w 0 <\"$t/$i.o\"; printf ' '; ")
                .append("[ ! -s \"$t/$i.e\" ] || base64 -w 0 <\"$t/$i.e\"; echo; i=$((i + 1)); done\n");
        return script.toString();
    }

    /** The results of {@code commands} from the output of {@link #script} (a command without a result line gets the batch's failure). */
    public static List<CommandResult> parse(List<List<String>> commands, CommandResult batch) {
        CommandResult[] results = new CommandResult[commands.size()];
        for (String line : batch.stdout().split("\n")) {
            String[] parts = line.split(" ", -1);
            if (parts.length != 4 || !parts[0].matches("\\d+") || !parts[1].matches("\\d+")) {
                continue;
            }
            int index = Integer.parseInt(parts[0]);
            if (index < results.length) {
                results[index] = new CommandResult(Integer.parseInt(parts[1]), decode(parts[2]), decode(parts[3]));
            }
        }
        List<CommandResult> ordered = new ArrayList<>();
        for (int i = 0; i < results.length; i++) {
            ordered.add(results[i] != null ? results[i] : missing(commands.get(i), batch));
        }
        return ordered;
    }

    /** A command without a result line: the batch's own failure (a timeout stays a timeout). */
    private static CommandResult missing(List<String> argv, CommandResult batch) {
        if (batch.exitCode() == CommandResult.TIMED_OUT) {
            return new CommandResult(CommandResult.TIMED_OUT, "", batch.stderr());
        }
        return new CommandResult(batch.ok() ? -1 : batch.exitCode(), "",
                argv.get(0) + " gave no result (" + batch.reason() + ")");
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
