package dev.citusdeploy.inventory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.citusdeploy.CitusDeployException;
import dev.citusdeploy.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an inventory file and validates it completely; either returns a valid {@link Inventory} or
 * throws one error listing every problem with its line. Nothing is contacted.
 *
 * <p>Jackson parses the YAML; the mapping onto records is written out by hand (see {@link Section})
 * so that one pass reports all problems at once, each with its path and line, rather than
 * stopping at the first unknown key as Jackson's binding does.
 */
public final class InventoryLoader {
    public static final String DEFAULT_IMAGE = "citusdata/citus:14.1.0";
    public static final String DEFAULT_DIR = "/opt/citus-deploy";
    public static final int DEFAULT_PORT = 5432;

    /** On this machine the nodes' folders go under the user's home: no root needed. */
    public static String defaultLocalDir() {
        return Path.of(System.getProperty("user.home"), ".citus-deploy").toAbsolutePath().toString();
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public Inventory load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new CitusDeployException(ExitCode.INVALID_INVENTORY, file + ": cannot read the inventory: " + e.getMessage());
        }
        return parse(file, text);
    }

    public Inventory parse(Path file, String text) {
        String name = file.toString();
        YamlLines lines;
        JsonNode root;
        try {
            lines = YamlLines.of(text);
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw invalid(List.of(new Problem("", line, "not valid YAML: " + e.getOriginalMessage())), name);
        } catch (IOException e) {
            throw new CitusDeployException(ExitCode.INVALID_INVENTORY, name + ": cannot read the inventory: " + e.getMessage());
        }
        Problems problems = new Problems(lines);
        if (root == null || !root.isObject()) {
            problems.add("", "the inventory must be a YAML mapping with at least cluster, servers and coordinator");
            throw invalid(problems.sorted(), name);
        }
        Inventory inventory = new InventoryReader(problems, baseDir(file)).read(new Section(root, "", problems), file);
        new InventoryValidator(problems).validate(inventory);
        if (!problems.isEmpty()) {
            throw invalid(problems.sorted(), name);
        }
        return inventory;
    }

    private static Path baseDir(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of(".") : parent;
    }

    private static CitusDeployException invalid(List<Problem> problems, String fileName) {
        List<String> lines = new ArrayList<>();
        for (Problem problem : problems) {
            lines.add(problem.format(fileName));
        }
        return new CitusDeployException(ExitCode.INVALID_INVENTORY, lines, null);
    }
}
