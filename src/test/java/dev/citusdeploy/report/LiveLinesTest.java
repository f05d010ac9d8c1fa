package dev.citusdeploy.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LiveLinesTest {
    private static Event event(Event.Kind kind, String node, String step, long millis, String error) {
        return new Event(Instant.EPOCH, kind, node, step, Duration.ofMillis(millis), error);
    }

    @Test
    void eachNodeKeepsOneLineThatIsRedrawnInPlace() {
        StringWriter text = new StringWriter();
        LiveLines live = new LiveLines(new PrintWriter(text, true));

        live.accept(event(Event.Kind.STARTED, "worker1", "start the container", 0, ""));
        live.accept(event(Event.Kind.STARTED, "worker2", "start the container", 0, ""));
        live.accept(event(Event.Kind.FINISHED, "worker1", "start the container", 2300, ""));
        live.accept(event(Event.Kind.COMMAND, "db1", "docker ps", 10, ""));

        assertEquals(String.join("",
                "\033[2K\r  worker1        start the container ...\n",
                "\033[1A\033[2K\r  worker1        start the container ...\n\033[2K\r  worker2        start the container ...\n",
                "\033[2A\033[2K\r  worker1        done: start the container (2.3 s)\n\033[2K\r  worker2        start the container ...\n"),
                text.toString());
    }
}
