package dev.citusdeploy.inventory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.citusdeploy.CitusDeployException;
import dev.citusdeploy.ExitCode;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an inventory file and validates it completely; either returns a valid {@link Inventory} or
 * throws one error listing every problem with its line. Nothing is contacted.
 *
 * <p>The file must be UTF-8 and plain YAML data (see {@link Utf8Text} and {@link PlainYaml});
 * Jackson then parses it, and the mapping onto records is written out by hand (see {@link Section})
 * so that one pass reports all problems at once, each with its path and line, rather than
 * stopping at the first unknown key as Jackson's binding does. Whatever the file holds, the only
 * exception is the invalid-inventory error (exit status 3).
 */
public final class InventoryLoader {
    public static final String DEFAULT_IMAGE = "citusdata/citus:14.1.0";
    public static final String DEFAULT_DIR = "/opt/citus-deploy";
    public static final int DEFAULT_PORT = 5432;

    /** On this machine the nodes' folders go under the user's home: no root needed. */
    public static String defaultLocalDir() {
        return Path.of(System.getProperty("user.home"), ".citus-deploy").toAbsolutePath().toString();
    }

    public Inventory load(Path file) {
        byte[] bytes = read(file);
        Utf8Text.problem(bytes).ifPresent(problem -> {
            throw invalid(List.of(problem), file.toString());
        });
        return parse(file, Utf8Text.decode(bytes));
    }

    public Inventory parse(Path file, String text) {
        String name = file.toString();
        List<Problem> notPlain = PlainYaml.problems(text);
        if (!notPlain.isEmpty()) {
            throw invalid(notPlain, name);
        }
        YamlLines lines;
        JsonNode root;
        try {
            lines = YamlLines.of(text);
            root = YamlTree.read(text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getLineNr());
            throw invalid(List.of(new Problem("", line, "not valid YAML: " + firstLine(e.getOriginalMessage()))), name);
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

    private static byte[] read(Path file) {
        String problem;
        try {
            if (Files.isDirectory(file)) {
                problem = "is a directory, not an inventory file";
            } else {
                return Files.readAllBytes(file);
            }
        } catch (NoSuchFileException e) {
            problem = "no such file";
        } catch (AccessDeniedException e) {
            problem = "cannot read the inventory: permission denied";
        } catch (IOException e) {
            problem = "cannot read the inventory: " + e.getMessage();
        }
        throw invalid(List.of(new Problem("", 0, problem)), file.toString());
    }

    private static Path baseDir(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of(".") : parent;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static CitusDeployException invalid(List<Problem> problems, String fileName) {
        List<String> lines = new ArrayList<>();
        for (Problem problem : problems) {
            lines.add(problem.format(fileName));
        }
        return new CitusDeployException(ExitCode.INVALID_INVENTORY, lines, null);
    }
}
