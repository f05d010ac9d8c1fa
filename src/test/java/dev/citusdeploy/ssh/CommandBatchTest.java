package dev.citusdeploy.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The batch script, run by a real sh on this machine (LocalShell batches as SshjShell does). */
class CommandBatchTest {
    private final LocalShell shell = new LocalShell("local");

    @Test
    void eachCommandKeepsItsOwnExitStatusAndOutputInOrder() {
        List<CommandResult> results = shell.runAll(List.of(
                List.of("sh", "-c", "printf 'a b\\n\\tc'; echo oops >&2; exit 3"),
                List.of("echo", "it's \"quoted\" $HOME `x`"),
                List.of("citus-deploy-no-such-program"),
                List.of("sh", "-c", "cat; echo read-nothing")), Duration.ofSeconds(30));
        assertEquals(4, results.size());
        assertEquals(new CommandResult(3, "a b\n\tc", "oops\n"), results.get(0));
        assertEquals(new CommandResult(0, "it's \"quoted\" $HOME `x`\n", ""), results.get(1));
        assertEquals(127, results.get(2).exitCode());
        assertEquals(new CommandResult(0, "read-nothing\n", ""), results.get(3), "stdin is empty");
    }

    @Test
    void commandsRunAtTheSameTime(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        // Each command marks that it runs, then waits (bounded: 10 s) until all four have marked:
        // one after the other, the first would never see the others and fail.
        String meet = "touch \"$1/$2\"; i=0; while [ $i -lt 100 ]; do [ \"$(ls \"$1\" | wc -l)\" -ge 4 ] && exit 0;"
                + " sleep 0.1; i=$((i + 1)); done; exit 1";
        List<CommandResult> results = shell.runAll(List.of(
                List.of("sh", "-c", meet, "sh", dir.toString(), "a"), List.of("sh", "-c", meet, "sh", dir.toString(), "b"),
                List.of("sh", "-c", meet, "sh", dir.toString(), "c"), List.of("sh", "-c", meet, "sh", dir.toString(), "d")),
                Duration.ofSeconds(30));
        results.forEach(r -> assertTrue(r.ok(), "the commands did not all run at once: " + r));
    }

    @Test
    void aBatchThatRunsOutOfTimeReportsTheTimeoutForEveryCommand() {
        List<CommandResult> results = shell.runAll(List.of(List.of("true"), List.of("sleep", "30")), Duration.ofSeconds(1));
        results.forEach(r -> assertEquals(CommandResult.TIMED_OUT, r.exitCode(), r.toString()));
        assertTrue(results.get(1).stderr().contains("did not finish within"), results.get(1).stderr());
    }

    @Test
    void aBatchThatFailsAsAWholeNamesTheCommandAndTheReason() {
        CommandResult broken = new CommandResult(97, "", "mktemp: failed to create directory: No space left on device\n");
        List<CommandResult> results = CommandBatch.parse(List.of(List.of("docker", "version")), broken);
        assertEquals(97, results.get(0).exitCode());
        assertEquals("docker gave no result (mktemp: failed to create directory: No space left on device)",
                results.get(0).stderr());
    }

    @Test
    void noCommandsNoRoundTrip() {
        RemoteShell refusing = new RemoteShell() {
            @Override
            public String server() {
                return "s";
            }

            @Override
            public CommandResult run(List<String> argv, byte[] stdin, Duration timeout) {
                throw new AssertionError("no command expected");
            }

            @Override
            public HeldCommand hold(List<String> argv, String ready, Duration timeout) {
                throw new AssertionError("no command expected");
            }

            @Override
            public Tunnel forward(String host, int port) {
                throw new AssertionError("no tunnel expected");
            }

            @Override
            public void close() {
            }
        };
        assertEquals(List.of(), CommandBatch.run(refusing, List.of(), Duration.ofSeconds(1)));
    }
}
