package dev.citusdeploy.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.citusdeploy.inventory.Inventory;
import dev.citusdeploy.inventory.Network;
import dev.citusdeploy.inventory.Node;
import dev.citusdeploy.inventory.PasswordSource;
import dev.citusdeploy.inventory.PostgresSettings;
import dev.citusdeploy.inventory.Server;
import dev.citusdeploy.inventory.SshSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The templates escape what they insert: even values the validator would refuse (built here
 * directly, around it) cannot add a key to compose.yaml or a line to pg_hba.conf.
 */
class TemplateEscapingTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String HOSTILE = "x\"\n    privileged: true\n    cap_add: [ALL]\n#'\\${HOME}\u2028";

    @ParameterizedTest
    @EnumSource(Network.class)
    void hostileValuesStayInsideTheirValues(Network network) throws IOException {
        Inventory plain = inventory("demo", "citusdata/citus:14.1.0", "postgres", "coordinator", network);
        Inventory hostile = inventory("c" + HOSTILE, "img" + HOSTILE, "u" + HOSTILE, "n" + HOSTILE, network);

        JsonNode expected = YAML.readTree(rendered(plain, "compose.yaml"));
        JsonNode actual = YAML.readTree(rendered(hostile, "compose.yaml"));

        assertEquals(keys(expected, "coordinator"), keys(actual, "n" + HOSTILE));
        JsonNode service = actual.get("services").get("n" + HOSTILE);
        assertEquals(("img" + HOSTILE).replace("$", "$$"), service.get("image").asText(), "Compose reads $$ as $");
        assertEquals(("u" + HOSTILE).replace("$", "$$"), service.get("environment").get("POSTGRES_USER").asText());
        assertEquals(("c" + HOSTILE + "-n" + HOSTILE).replace("$", "$$"), service.get("container_name").asText());
    }

    @ParameterizedTest
    @EnumSource(Network.class)
    void namesInPgHbaCommentsCannotAddLines(Network network) {
        String plain = rendered(inventory("demo", "i", "postgres", "coordinator", network), "pg_hba.conf");
        String hostile = rendered(inventory("c" + HOSTILE, "i", "postgres", "n\nhost all all all trust", network), "pg_hba.conf");

        assertEquals(plain.lines().count(), hostile.lines().count(), hostile);
        assertTrue(hostile.lines().noneMatch(line -> line.contains("trust") && !line.startsWith("#") && !line.contains("# ")), hostile);
    }

    private static String rendered(Inventory inventory, String fileName) {
        return new NodeRenderer(TemplateEngine.builtIn()).render(inventory, inventory.coordinator(), DataLayout.forNewNode(18))
                .stream().filter(f -> f.fileName().equals(fileName)).map(f -> new String(f.content(), StandardCharsets.UTF_8))
                .findFirst().orElseThrow();
    }

    private static Inventory inventory(String cluster, String image, String user, String node, Network network) {
        Server server = new Server("db1", "192.0.2.1", "10.0.0.1", new SshSettings("root", 22, null), "/opt/citus-deploy", false);
        return new Inventory(Path.of("inventory.yml"), cluster, image, user, user, new PasswordSource.Generated(), List.of(server),
                new Node(node, Node.Role.COORDINATOR, "db1", 5432, Map.of()), List.of(), PostgresSettings.none(),
                List.of("10.20.0.0/24"), Path.of("known_hosts"), network);
    }

    /** Every key path of a YAML tree, the service's own name written as *. */
    private static TreeSet<String> keys(JsonNode root, String service) {
        TreeSet<String> keys = new TreeSet<>();
        collect(root, "", service, keys);
        return keys;
    }

    private static void collect(JsonNode node, String path, String service, TreeSet<String> keys) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String key = path.equals("services") && field.getKey().equals(service) ? "*" : field.getKey();
                String child = path.isEmpty() ? key : path + "." + key;
                keys.add(child);
                collect(field.getValue(), child, service, keys);
            }
        } else if (node.isArray()) {
            keys.add(path + "[" + node.size() + "]");
            node.forEach(item -> collect(item, path + "[]", service, keys));
        }
    }
}
