package dev.citusdeploy.apply;

import dev.citusdeploy.report.Event;
import dev.citusdeploy.secrets.PasswordResolver;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.InventoryLoader;
import dev.citusdeploy.render.NodeRenderer;
import dev.citusdeploy.render.TemplateEngine;
import dev.citusdeploy.report.ProgressLines;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The progress of a first apply in line mode (CI logs), against fakes, compared with a golden file
 * with the times of day and the durations masked. One server, so the order is fixed.
 * After an intended change: {@code mvn test -Dtest=ProgressGoldenTest -Dgolden.update=true}.
 */
class ProgressGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/progress/first-apply-lines.txt");

    @Test
    void aFirstApplyInLineMode() throws Exception {
        Inventory inventory = new InventoryLoader().load(Path.of("src/test/resources/inventories/valid/single-machine.yml"));
        FakeServer local = new FakeServer("local");
        local.imageMajor = 18;
        Map<String, FakeAdmin> nodes = Map.of("coordinator", new FakeAdmin(), "worker1", new FakeAdmin(), "worker2", new FakeAdmin());
        List<Event> events = new ArrayList<>();
        StringWriter text = new StringWriter();
        ProgressLines lines = new ProgressLines(new PrintWriter(text, true), true, false, ZoneOffset.UTC);
        ApplyService service = new ApplyService(server -> local, (inv, node, shell, password) -> nodes.get(node.name()),
                new NodeRenderer(TemplateEngine.builtIn()), new PasswordResolver(name -> null), event -> {
                    events.add(event);
                    lines.accept(event);
                });

        service.apply(inventory, ApplyOptions.defaults());

        for (int i = 0; i < events.size(); i++) {
            Event event = events.get(i);
            if (event.kind() == Event.Kind.FINISHED) {
                assertTrue(events.subList(0, i).stream().anyMatch(e -> e.kind() == Event.Kind.STARTED
                        && e.step().equals(event.step()) && e.node().equals(event.node())), "finished before it started: " + event);
            }
        }
        String masked = text.toString().replaceAll("(?m)^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ", "HH:MM:SS.mmm ")
                .replaceAll("\\(\\d+\\.\\d s\\)", "(N.N s)");
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN.getParent());
            Files.writeString(GOLDEN, masked);
        }
        assertEquals(Files.readString(GOLDEN), masked);
    }
}
