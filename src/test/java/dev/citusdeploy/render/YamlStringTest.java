package dev.citusdeploy.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class YamlStringTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void escapesWhatWouldEndTheValue() {
        assertEquals("\"/var/lib/postgresql\"", YamlString.quoted("/var/lib/postgresql"));
        assertEquals("\"a\\\"b\\\\c\\nd\\te\\u2028\\u0000\"", YamlString.quoted("a\"b\\c\nd\te\u2028\u0000"));
    }

    @Test
    void everyTextReadsBackAsItself() throws IOException {
        Random random = new Random(7);
        for (int i = 0; i < 500; i++) {
            StringBuilder text = new StringBuilder();
            for (int j = random.nextInt(20); j > 0; j--) {
                text.appendCodePoint(random.nextBoolean() ? random.nextInt(0x100) : random.nextInt(0x3000));
            }
            String value = text.toString().replaceAll("[\\uD800-\\uDFFF]", "");
            String yaml = "key: " + YamlString.quoted(value) + "\nnext: 1\n";
            assertEquals(value, YAML.readTree(yaml).get("key").asText(), yaml);
            assertEquals(2, YAML.readTree(yaml).size(), yaml);
        }
    }
}
