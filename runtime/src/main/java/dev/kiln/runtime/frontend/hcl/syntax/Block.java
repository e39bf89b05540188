package dev.kiln.runtime.frontend.hcl.syntax;

import java.util.List;

/**
 * {@code type label* { body }}.
 *
 * @param type the block type, e.g. {@code source}
 * @param labels the labels, unquoted and unescaped
 * @param body the content
 * @param range from the type to the closing brace
 * @param typeRange the type name alone
 * @param labelRanges each label's span (quotes included for quoted labels)
 * @param openBraceRange the opening brace
 */
public record Block(String type, List<String> labels, Body body, Range range, Range typeRange,
                    List<Range> labelRanges, Range openBraceRange) implements Node {
    public Block {
        labels = List.copyOf(labels);
        labelRanges = List.copyOf(labelRanges);
    }

    /** The header: type and labels (what a diagnostic's "in ..." names). */
    public Range defRange() {
        return labelRanges.isEmpty() ? typeRange : Range.between(typeRange, labelRanges.get(labelRanges.size() - 1));
    }

    /** The header as HCL prints it in diagnostics, e.g. {@code source "docker" "ubuntu"}. */
    public String header() {
        StringBuilder sb = new StringBuilder(type);
        for (String l : labels) {
            sb.append(' ').append(Strings.quote(l));
        }
        return sb.toString();
    }
}
