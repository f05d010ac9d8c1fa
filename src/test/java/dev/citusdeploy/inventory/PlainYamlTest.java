package dev.citusdeploy.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlainYamlTest {
    private static final String ANCHORS = "anchors and aliases are not supported in an inventory; write the value out";

    @Test
    void plainDataPassesWithOrWithoutDocumentMarkers() {
        assertEquals(List.of(), PlainYaml.problems("cluster: demo\nservers: [{name: db1}]\n"));
        assertEquals(List.of(), PlainYaml.problems("---\ncluster: demo\n...\n"));
        assertEquals(List.of(), PlainYaml.problems("# only a comment\n"));
        assertEquals(List.of(), PlainYaml.problems(""));
        assertEquals(List.of(), PlainYaml.problems("cluster: \"*not an alias\"\nuser: '!not a tag'\n"));
    }

    @Test
    void reportsEveryAnchorAliasAndTagAtOnce() {
        String yaml = String.join("\n", "defaults: &defaults", "  port: 5432", "coordinator:", "  <<: *defaults",
                "  server: !host db1", "workers: !!seq []", "");
        assertEquals(List.of(
                new Problem("", 1, "anchor &defaults: " + ANCHORS),
                new Problem("", 4, "alias *defaults: " + ANCHORS),
                new Problem("", 5, "tag !host: tags are not supported in an inventory; write the plain value (quoted, to keep it text)"),
                new Problem("", 6, "tag !!seq: tags are not supported in an inventory; write the plain value (quoted, to keep it text)")),
                PlainYaml.problems(yaml));
    }

    @Test
    void aSyntaxErrorIsOneLineWithItsContext() {
        List<Problem> problems = PlainYaml.problems("cluster: demo\nservers: [db1\ncoordinator: x\n");
        assertEquals(1, problems.size());
        Problem problem = problems.get(0);
        assertEquals(3, problem.line());
        assertTrue(problem.message().startsWith("not valid YAML: "), problem.message());
        assertTrue(problem.message().contains("(while parsing a flow sequence at line 2)"), problem.message());
        assertEquals(1, problem.format("inv.yml").lines().count());
    }

    @Test
    void keysAreText() {
        assertEquals(List.of(new Problem("", 1, "a key must be plain text, not a list or mapping")),
                PlainYaml.problems("{a: 1}: x\n"));
        assertEquals(List.of(), PlainYaml.problems("a: {b: [1, {c: d}]}\ne: f\n"));
    }
}
