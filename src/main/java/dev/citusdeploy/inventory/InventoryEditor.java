package dev.citusdeploy.inventory;

import dev.citusdeploy.CitusDeployException;
import dev.citusdeploy.ExitCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Adds a worker to an inventory file as text, so the operator's comments and layout stay as they
 * were. The result is validated before the file is replaced (atomically).
 */
public final class InventoryEditor {
    private static final Pattern WORKERS_KEY = Pattern.compile("^workers:\\s*(\\[\\s*\\])?\\s*(#.*)?$");
    private static final Pattern ITEM = Pattern.compile("^(\\s*)-\\s");

    /** The worker to add; name may be null (then it is named by its position). */
    public record NewWorker(String server, int port, String name) {
    }

    /** The file's text with the worker appended, and the inventory it describes (validated). */
    public record Edit(Path file, String text, Inventory inventory) {
    }

    /** Appends the worker in memory: the file is not touched until {@link #save(Edit)}. */
    public Edit addWorker(Path file, NewWorker worker) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new CitusDeployException(ExitCode.INVALID_INVENTORY, file + ": cannot read the inventory: " + e.getMessage());
        }
        String edited = withWorker(text, worker);
        return new Edit(file, edited, new InventoryLoader().parse(file, edited));
    }

    /** Replaces the file with the edited text, atomically. */
    public void save(Edit edit) {
        Path file = edit.file();
        try {
            Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".inventory", ".tmp");
            Files.writeString(temp, edit.text(), StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CitusDeployException(ExitCode.INTERNAL, file + ": cannot write: " + e.getMessage(), e);
        }
    }

    static String withWorker(String text, NewWorker worker) {
        List<String> lines = new ArrayList<>(text.lines().toList());
        int key = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (WORKERS_KEY.matcher(lines.get(i)).matches()) {
                key = i;
                break;
            }
        }
        if (key < 0) {
            lines.add("workers:");
            lines.addAll(item("  ", worker));
            return String.join("\n", lines) + "\n";
        }
        if (lines.get(key).contains("[")) {
            lines.set(key, "workers:"); // an empty inline list becomes a block list
        }
        int end = key + 1;
        String indent = "  ";
        boolean sawItem = false;
        for (int i = key + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue; // blank lines and top-level comments may belong to what follows
            }
            if (line.stripLeading().startsWith("#")) {
                end = i + 1; // an indented comment belongs to the list
                continue;
            }
            Matcher item = ITEM.matcher(line);
            boolean inBlock = Character.isWhitespace(line.charAt(0)) || item.find() && item.group(1).isEmpty();
            if (!inBlock) {
                break;
            }
            if (!sawItem && ITEM.matcher(line).find()) {
                Matcher first = ITEM.matcher(line);
                first.find();
                indent = first.group(1);
                sawItem = true;
            }
            end = i + 1;
        }
        lines.addAll(end, item(indent, worker));
        return String.join("\n", lines) + "\n";
    }

    private static List<String> item(String indent, NewWorker worker) {
        List<String> item = new ArrayList<>();
        item.add(indent + "- server: " + worker.server());
        item.add(indent + "  port: " + worker.port());
        if (worker.name() != null) {
            item.add(indent + "  name: " + worker.name());
        }
        return item;
    }
}
