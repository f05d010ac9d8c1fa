package dev.citusdeploy.inventory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * Checks that a file is plain YAML data before Jackson reads it: one document, no anchors or
 * aliases, no tags, text keys, and nothing YAML refuses. Jackson would read only the first
 * document, take {@code *db1} for the text "db1" and drop {@code !ENV}; here each is a problem on
 * its line. SnakeYAML's parser events carry the marks (Jackson parses with SnakeYAML too).
 */
final class PlainYaml {
    private static final String CORE_TAGS = "tag:yaml.org,2002:";

    private final List<Problem> problems = new ArrayList<>();
    /** The open collections, innermost first. */
    private final Deque<Collection> open = new ArrayDeque<>();
    private int documents;
    private int line = 1;

    private PlainYaml() {
    }

    /** Every problem of the file, or the first syntax error alone; empty for plain YAML data. */
    static List<Problem> problems(String text) {
        PlainYaml check = new PlainYaml();
        if (check.characters(text)) {
            check.events(text);
        }
        return check.problems;
    }

    /** YAML allows no control characters but tab and line breaks; SnakeYAML would report them without a line. */
    private boolean characters(String text) {
        int at = 1;
        for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
            int c = text.codePointAt(i);
            if (c == '\n') {
                at++;
            } else if (!StreamReader.isPrintable(c) && c != '\uFEFF') {
                problems.add(new Problem("", at, String.format(
                        "the control character U+%04X is not allowed in YAML; remove it (or write it as an escape in a double-quoted value)", c)));
                return false;
            }
        }
        return true;
    }

    private void events(String text) {
        Parser parser = new ParserImpl(new StreamReader(text), new LoaderOptions());
        try {
            while (!parser.checkEvent(Event.ID.StreamEnd)) {
                Event event = parser.getEvent();
                line = lineOf(event.getStartMark());
                event(event);
            }
        } catch (MarkedYAMLException e) {
            problems.clear();
            problems.add(syntaxError(e));
        } catch (YAMLException e) {
            problems.clear();
            problems.add(new Problem("", line, "not valid YAML: " + e.getMessage()));
        }
    }

    private void event(Event event) {
        if (event instanceof DocumentStartEvent && ++documents == 2) {
            problems.add(new Problem("", line, "a second YAML document (---): an inventory is one document;"
                    + " remove the --- line and what follows, or put that in its own file"));
        }
        if (event instanceof NodeEvent node) {
            nodeStarts(node);
        }
        if (event instanceof CollectionStartEvent) {
            open.push(new Collection(event instanceof MappingStartEvent));
        } else if (event instanceof CollectionEndEvent) {
            open.pop();
            nodeEnds();
        } else if (event instanceof ScalarEvent || event instanceof AliasEvent) {
            nodeEnds();
        }
    }

    private void nodeStarts(NodeEvent node) {
        if (node instanceof AliasEvent) {
            problems.add(new Problem("", line, "alias *" + node.getAnchor()
                    + ": anchors and aliases are not supported in an inventory; write the value out"));
        } else if (node.getAnchor() != null) {
            problems.add(new Problem("", line, "anchor &" + node.getAnchor()
                    + ": anchors and aliases are not supported in an inventory; write the value out"));
        }
        String tag = node instanceof ScalarEvent scalar ? scalar.getTag()
                : node instanceof CollectionStartEvent collection ? collection.getTag() : null;
        if (tag != null) {
            String shown = tag.startsWith(CORE_TAGS) ? "!!" + tag.substring(CORE_TAGS.length()) : tag;
            problems.add(new Problem("", line, "tag " + shown
                    + ": tags are not supported in an inventory; write the plain value (quoted, to keep it text)"));
        }
        Collection parent = open.peek();
        if (parent != null && parent.mapping && parent.keyNext && node instanceof CollectionStartEvent) {
            problems.add(new Problem("", line, "a key must be plain text, not a list or mapping"));
        }
    }

    /** A node is complete: in a mapping, keys and values alternate. */
    private void nodeEnds() {
        Collection parent = open.peek();
        if (parent != null && parent.mapping) {
            parent.keyNext = !parent.keyNext;
        }
    }

    private static final class Collection {
        final boolean mapping;
        boolean keyNext = true;

        Collection(boolean mapping) {
            this.mapping = mapping;
        }
    }

    private static Problem syntaxError(MarkedYAMLException e) {
        Mark problemMark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        String message = "not valid YAML: " + (e.getProblem() != null ? e.getProblem() : e.getContext());
        if (e.getContext() != null && e.getProblem() != null) {
            Mark contextMark = e.getContextMark();
            message += " (" + e.getContext() + (contextMark == null ? "" : " at line " + lineOf(contextMark)) + ")";
        }
        return new Problem("", problemMark == null ? 1 : lineOf(problemMark), message);
    }

    private static int lineOf(Mark mark) {
        return mark == null ? 1 : mark.getLine() + 1;
    }
}
