package dev.citusdeploy.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocBlockTest {
    private static final Set<String> KNOWN = Set.of("sh", "bash", "shell", "sql", "yaml", "text", "ini", "conf", "json", "");

    @Test
    void findsBlocksAndTheIllustrativeMark(@TempDir Path dir) throws Exception {
        Path page = Files.writeString(dir.resolve("p.md"), String.join("\n",
                "# Page", "```sql", "SELECT 1;", "```", "", "<!-- illustrative -->", "", "```sh", "ssh root@db1", "```",
                "```yaml", "a: 1", "```", ""));
        List<DocBlock> blocks = DocBlock.of(page);
        assertEquals(3, blocks.size());
        assertEquals(new DocBlock(page, 2, "sql", "SELECT 1;\n", false), blocks.get(0));
        assertTrue(blocks.get(1).illustrative() && !blocks.get(1).runs());
        assertTrue(!blocks.get(2).runs());
    }

    /** Every block in the docs has a language we know how to treat, so none escapes the tests by accident. */
    @Test
    void everyBlockInTheDocsHasAKnownLanguage() throws Exception {
        List<String> unknown = new ArrayList<>();
        for (Path page : DocBlock.pages()) {
            for (DocBlock block : DocBlock.of(page)) {
                if (!KNOWN.contains(block.language())) {
                    unknown.add(block.where() + " " + block.language());
                }
            }
        }
        assertEquals(List.of(), unknown);
    }
}
