package dev.kiln.runtime.frontend.hcl.syntax;

import java.nio.charset.StandardCharsets;

/**
 * Entry points of the HCL native-syntax parser. Every method returns a tree and all diagnostics; none throws for bad
 * input (a recursive-descent parser with precedence climbing, recovering at the next newline or closing bracket so
 * that several errors in one file are all reported).
 */
public final class HclParser {
    private HclParser() {
    }

    /** Parses a configuration file ({@code .pkr.hcl}, {@code .pkrvars.hcl}). */
    public static ParseResult parseFile(String filename, String source) {
        return parseFile(filename, source.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses a configuration file given as UTF-8 bytes (a leading byte-order mark is skipped). */
    public static ParseResult parseFile(String filename, byte[] source) {
        HclScanner.Result scan = HclScanner.scan(filename, source, HclScanner.Mode.NORMAL);
        SyntaxParser p = new SyntaxParser(filename, source, scan);
        Body body = p.parseFileBody();
        return new ParseResult(new HclFile(filename, source, body), p.diagnostics());
    }

    /** Parses one expression (e.g. a {@code -var} value); newlines are allowed anywhere inside it. */
    public static ExpressionResult parseExpression(String filename, String source) {
        return parseExpression(filename, source.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses one expression given as UTF-8 bytes. */
    public static ExpressionResult parseExpression(String filename, byte[] source) {
        HclScanner.Result scan = HclScanner.scan(filename, source, HclScanner.Mode.NORMAL);
        SyntaxParser p = new SyntaxParser(filename, source, scan);
        Expression e = p.parseWholeExpression();
        return new ExpressionResult(e, source, p.diagnostics());
    }

    /**
     * Parses a standalone template (the content of a {@code templatefile} file): literal text with {@code ${...}} and
     * {@code %{...}} sequences. The result is a {@link Expression.Template}, or a {@link Expression.TemplateWrap} when
     * the whole text is one interpolation.
     */
    public static ExpressionResult parseTemplate(String filename, String source) {
        return parseTemplate(filename, source.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses a standalone template given as UTF-8 bytes. */
    public static ExpressionResult parseTemplate(String filename, byte[] source) {
        HclScanner.Result scan = HclScanner.scan(filename, source, HclScanner.Mode.TEMPLATE);
        SyntaxParser p = new SyntaxParser(filename, source, scan);
        Expression e = p.parseStandaloneTemplate();
        return new ExpressionResult(e, source, p.diagnostics());
    }
}
