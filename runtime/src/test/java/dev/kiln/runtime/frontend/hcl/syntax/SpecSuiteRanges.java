package dev.kiln.runtime.frontend.hcl.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The error ranges of hcl's specsuite, as {@code line,column,byte-line,column,byte} joined by blanks: those a
 * {@code .t} file's {@code diagnostics} blocks expect, and those a parse or decode gave, so the two compare as text.
 */
public final class SpecSuiteRanges {

    private SpecSuiteRanges() {
    }

    /** The ranges of the {@code error} blocks inside {@code diagnostics} blocks of a {@code .t} file. */
    public static String expected(List<Block> diagnostics) {
        List<String> out = new ArrayList<>();
        for (Block diags : diagnostics) {
            for (Block d : diags.body().blocks()) {
                assertThat(d.type()).isEqualTo("error");
                out.add(pos(d.body().blocks("from").get(0)) + "-" + pos(d.body().blocks("to").get(0)));
            }
        }
        return String.join(" ", out);
    }

    /** The subject ranges of the errors among {@code diags}. */
    public static String of(List<Diagnostic> diags) {
        return diags.stream().filter(Diagnostic::isError).map(d -> {
            Pos s = d.subject().start();
            Pos e = d.subject().end();
            return s.line() + "," + s.column() + "," + s.byteOffset() + "-" + e.line() + "," + e.column() + ","
                    + e.byteOffset();
        }).collect(Collectors.joining(" "));
    }

    private static String pos(Block b) {
        return num(b, "line") + "," + num(b, "column") + "," + num(b, "byte");
    }

    private static String num(Block b, String name) {
        return ((Expression.NumberLit) b.body().attribute(name).expression()).text();
    }
}
