package dev.kiln.cli.render;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows a terminal would show after the bytes written to it: printable text, {@code \r}, {@code \n}, cursor up
 * ({@code ESC[1A}) and erase line ({@code ESC[2K}); anything else fails the test, so the status area uses no more.
 */
final class VtScreen extends ByteArrayOutputStream {

    List<String> rows() {
        List<StringBuilder> rows = new ArrayList<>(List.of(new StringBuilder()));
        int row = 0;
        int column = 0;
        String text = toString(StandardCharsets.UTF_8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r') {
                column = 0;
            } else if (c == '\n') {
                row++;
                column = 0; // a terminal translates \n to \r\n (onlcr)
                if (row == rows.size()) {
                    rows.add(new StringBuilder());
                }
            } else if (c == '\033') {
                String sequence = text.substring(i, Math.min(i + 4, text.length()));
                if (sequence.equals("\033[1A")) {
                    row = Math.max(row - 1, 0);
                } else if (sequence.equals("\033[2K")) {
                    rows.get(row).setLength(0);
                } else {
                    throw new AssertionError("unexpected escape sequence at " + i + ": " + sequence.substring(1));
                }
                i += 3;
            } else {
                StringBuilder line = rows.get(row);
                while (line.length() < column) {
                    line.append(' ');
                }
                if (column < line.length()) {
                    line.setCharAt(column, c);
                } else {
                    line.append(c);
                }
                column++;
            }
        }
        List<String> out = new ArrayList<>();
        rows.forEach(r -> out.add(r.toString()));
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }
}
