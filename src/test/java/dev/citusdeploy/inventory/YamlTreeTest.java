package dev.citusdeploy.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** YamlTree reads what ObjectMapper.readTree reads, node for node. */
class YamlTreeTest {
    private static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory());

    @Test
    void everyTestInventoryReadsAsObjectMapperReadsIt() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Path.of("src/test/resources/inventories"))) {
            files = walk.filter(p -> p.toString().endsWith(".yml")).toList();
        }
        int compared = 0;
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            if (Utf8Text.problem(bytes).isPresent()) {
                continue;
            }
            String text = Utf8Text.decode(bytes);
            if (!PlainYaml.problems(text).isEmpty()) {
                continue; // refused before it is read as a tree
            }
            assertEquals(MAPPER.readTree(text), YamlTree.read(text), file.toString());
            compared++;
        }
        assertEquals(true, compared > 20, "compared " + compared + " inventories");
    }

    @Test
    void scalarsOfEveryKind() throws IOException {
        String text = "a: 1\nb: 12345678901\nc: 123456789012345678901234567890\nd: 1.5\ne: true\nf: false\ng: null\nh: ~\n"
                + "i: '007'\nj: [1, two, {k: v}]\nk: {}\nl: []\nm: a: b\n".replace("m: a: b\n", "m: \"a: b\"\n");
        assertEquals(MAPPER.readTree(text), YamlTree.read(text));
        String duplicate = "a: 1\na: 2\n";
        assertEquals(MAPPER.readTree(duplicate), YamlTree.read(duplicate), "a later key replaces an earlier one");
    }

    @Test
    void anEmptyDocumentHasNoRoot() throws IOException {
        assertEquals(true, YamlTree.read("").isMissingNode());
        assertEquals(MAPPER.readTree("# only a comment\n"), YamlTree.read("# only a comment\n"));
    }
}
