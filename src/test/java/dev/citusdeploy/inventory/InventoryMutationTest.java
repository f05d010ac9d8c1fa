package dev.citusdeploy.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.citusdeploy.CitusDeployException;
import dev.citusdeploy.ExitCode;
import dev.citusdeploy.cli.Main;
import dev.citusdeploy.render.DataLayout;
import dev.citusdeploy.render.NodeRenderer;
import dev.citusdeploy.render.RenderedFile;
import dev.citusdeploy.render.TemplateEngine;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random mutations of the valid inventories (seeded, so a failure repeats): whatever the text, the
 * loader either accepts it or rejects it with the inventory error, every line naming its line
 * number; it never throws anything else. What it accepts renders to a compose file that parses
 * and a pg_hba.conf of well-formed lines.
 */
class InventoryMutationTest {
    private static final long SEED = 20240608L;
    private static final int MUTANTS = 3000;
    private static final int THROUGH_MAIN = 60;
    private static final String[] ODD_VALUES = {
        "99999999999999999999999999", "1e999", "-1", "0", "0x1F", "0o17", ".inf", "-.nan", "1_000",
        "数据库", "ü", "\uD83D\uDC18", "Ω≈ç", ":", "a: b", "*a", "&a x", "!tag x", "!!binary aGk=", "!ENV X",
        "---", "...", "'", "\"", "\"a\\nb: c\"", "'it''s'", "\"\\t\\u0000\"", "\"\\x85\\u2028\"", "", "~", "null",
        "[a, b]", "{a: 1}", "- x", "#", "|", ">-", "%", "@", "`", "? x", "<<: *a", "x" + "y".repeat(300),
        "127.0.0.1:22", "[::1]:22", "::::::", "1:2:3:4:5:6:7:8:9", "256.1.1.1", "Citus:latest", "${X}",
        "a b", "\"quoted \\\" inside\"", "yes", "on", "2001-01-01", "{", "[", "\"", "\\", "&", "!", "|-\n  x",
    };
    private static final Pattern NAMES_A_LINE = Pattern.compile("^.+:\\d+: .+");
    private static final Pattern HBA_LINE = Pattern.compile("local +all +all +scram-sha-256|host +all +all +[^ ]+ +scram-sha-256");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final NodeRenderer RENDERER = new NodeRenderer(TemplateEngine.builtIn());

    record Example(Path file, List<String> lines) {
    }

    static List<Example> examples() throws IOException {
        List<Example> examples = new ArrayList<>();
        for (Path dir : List.of(Path.of("inventory"), Path.of("src/test/resources/inventories/valid"))) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(p -> p.toString().endsWith(".yml")).sorted().toList()) {
                    examples.add(new Example(file, Files.readAllLines(file)));
                }
            }
        }
        return examples;
    }

    /** Seeded and bounded: about 5 s. For a longer hunt: -Dmutation.seed=N -Dmutation.count=50000. */
    @Test
    void everyMutantIsAcceptedOrRejectedWithItsLines(@TempDir Path temp) throws IOException {
        List<Example> examples = examples();
        Random random = new Random(Long.getLong("mutation.seed", SEED));
        int mutants = Integer.getInteger("mutation.count", MUTANTS);
        List<String> failures = new ArrayList<>();
        int rejected = 0;
        for (int i = 0; i < mutants; i++) {
            Example example = examples.get(random.nextInt(examples.size()));
            List<String> lines = new ArrayList<>(example.lines());
            for (int m = 1 + random.nextInt(3); m > 0; m--) {
                mutate(lines, random);
            }
            String text = String.join("\n", lines) + "\n";
            String context = "mutant " + i + " of " + example.file() + ":\n" + text;
            try {
                rejected += check(example.file(), text, context) ? 1 : 0;
                if (i < THROUGH_MAIN) {
                    throughMain(temp, example.file(), text, i % 3 == 0, context);
                }
            } catch (AssertionError e) {
                failures.add(e.getMessage());
            }
        }
        assertTrue(failures.isEmpty(), () -> failures.size() + " mutants failed; the first ones:\n"
                + String.join("\n-----\n", failures.subList(0, Math.min(5, failures.size()))));
        assertTrue(rejected > mutants / 4, "the mutations should break most inventories, only " + rejected + " were rejected");
    }

    /** True when rejected. */
    private static boolean check(Path file, String text, String context) {
        Inventory inventory;
        try {
            inventory = new InventoryLoader().parse(file, text);
        } catch (CitusDeployException e) {
            assertEquals(ExitCode.INVALID_INVENTORY, e.exitCode(), context);
            for (String line : e.lines()) {
                assertTrue(line.startsWith(file + ":") && NAMES_A_LINE.matcher(line).matches(),
                        () -> "a rejection without its line: " + line + "\n" + context);
            }
            return true;
        } catch (RuntimeException | StackOverflowError e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            fail("the loader threw " + e + "\n" + context + "\n" + trace);
            return false;
        }
        for (RenderedFile rendered : RENDERER.renderAll(inventory, n -> DataLayout.forNewNode(18))) {
            String content = new String(rendered.content(), StandardCharsets.UTF_8);
            if (rendered.fileName().equals("compose.yaml")) {
                try {
                    YAML.readTree(content);
                } catch (IOException e) {
                    fail("accepted, but its compose file is not YAML: " + e.getMessage() + "\n" + context);
                }
            }
            if (rendered.fileName().equals("pg_hba.conf")) {
                content.lines().map(line -> line.replaceFirst("#.*", "").strip()).filter(line -> !line.isEmpty())
                        .forEach(line -> assertTrue(HBA_LINE.matcher(line).matches(),
                                () -> "accepted, but pg_hba.conf has the line " + line + "\n" + context));
            }
        }
        return false;
    }

    /** The same through the command line: exit status 0 or 3, never 1, every error line placed. */
    private static void throughMain(Path temp, Path original, String text, boolean latin1, String context) throws IOException {
        Path file = temp.resolve(original.getFileName());
        Files.write(file, text.getBytes(latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8));
        Path password = original.resolveSibling("single-machine.password");
        if (Files.exists(password)) {
            Files.copy(password, temp.resolve(password.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        StringWriter err = new StringWriter();
        int status = Main.run(new String[] {"validate", file.toString()}, new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertTrue(status == 0 || status == ExitCode.INVALID_INVENTORY.code(), "exit " + status + ": " + err + "\n" + context);
        err.toString().lines().forEach(line -> assertTrue(NAMES_A_LINE.matcher(line).matches(),
                () -> "a rejection without its line: " + line + "\n" + context));
    }

    private static void mutate(List<String> lines, Random random) {
        if (lines.isEmpty()) {
            lines.add(ODD_VALUES[random.nextInt(ODD_VALUES.length)]);
            return;
        }
        int at = random.nextInt(lines.size());
        String line = lines.get(at);
        switch (random.nextInt(7)) {
            case 0 -> lines.remove(at);
            case 1 -> lines.add(at, line);
            case 2 -> lines.set(at, reindent(line, random));
            case 3, 4 -> lines.set(at, withValue(line, ODD_VALUES[random.nextInt(ODD_VALUES.length)]));
            case 5 -> swapKeys(lines, at, random.nextInt(lines.size()));
            default -> lines.add(at, random.nextBoolean() ? "---" : ODD_VALUES[random.nextInt(ODD_VALUES.length)]);
        }
    }

    private static String reindent(String line, Random random) {
        String content = line.stripLeading();
        int indent = line.length() - content.length() + random.nextInt(7) - 3;
        return " ".repeat(Math.max(0, indent)) + content;
    }

    /** Replaces what follows "key: " or "- " (or the whole line when it has neither). */
    private static String withValue(String line, String value) {
        int colon = line.indexOf(": ");
        if (colon >= 0) {
            return line.substring(0, colon + 2) + value;
        }
        if (line.endsWith(":")) {
            return line + " " + value;
        }
        int dash = line.indexOf("- ");
        return dash >= 0 ? line.substring(0, dash + 2) + value : value;
    }

    private static void swapKeys(List<String> lines, int a, int b) {
        String first = lines.get(a);
        String second = lines.get(b);
        int colonA = first.indexOf(':');
        int colonB = second.indexOf(':');
        if (colonA < 0 || colonB < 0) {
            return;
        }
        String keyA = first.substring(0, colonA).strip();
        String keyB = second.substring(0, colonB).strip();
        lines.set(a, first.replaceFirst(Pattern.quote(keyA), Matcher.quoteReplacement(keyB)));
        lines.set(b, second.replaceFirst(Pattern.quote(keyB), Matcher.quoteReplacement(keyA)));
    }
}
