package dev.citusdeploy.report;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.Column.Overflow;
import picocli.CommandLine.Help.TextTable;

/** An aligned text table with picocli's TextTable: each column as wide as its widest cell. */
final class Table {
    private Table() {
    }

    static List<String> render(String[] header, List<String[]> rows) {
        int[] widths = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            widths[i] = header[i].length();
            for (String[] row : rows) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        Column[] columns = new Column[header.length];
        for (int i = 0; i < header.length; i++) {
            // Two spaces between columns; the last one needs none.
            columns[i] = new Column(widths[i] + (i + 1 < header.length ? 2 : 0), 0, Overflow.SPAN);
        }
        TextTable table = TextTable.forColumns(Ansi.OFF, columns);
        table.addRowValues(header);
        rows.forEach(table::addRowValues);
        List<String> lines = new ArrayList<>();
        for (String line : table.toString().split("\\R")) {
            lines.add(line.stripTrailing());
        }
        return lines;
    }
}
