package dev.kiln.runtime.frontend.hcl.syntax;

import dev.kiln.runtime.frontend.hcl.syntax.Expression.BoolLit;
import dev.kiln.runtime.frontend.hcl.syntax.Expression.Invalid;
import dev.kiln.runtime.frontend.hcl.syntax.Expression.NullLit;
import dev.kiln.runtime.frontend.hcl.syntax.Expression.NumberLit;
import dev.kiln.runtime.frontend.hcl.syntax.Expression.ScopeTraversal;
import dev.kiln.runtime.frontend.hcl.syntax.Expression.Template;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The recursive-descent parser behind {@link HclParser}; one instance parses one input. */
final class SyntaxParser {
    private static final Pattern NUMBER = Pattern.compile("[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    /** Deeper nesting than this (expressions, blocks, directives) is an error rather than a stack overflow. */
    static final int MAX_DEPTH = 200;

    private final String filename;
    private final byte[] src;
    private final Token[] toks;
    private final Diagnostics diags = new Diagnostics();
    private int pos;
    private boolean recovering;
    private boolean[] nlStack = new boolean[32];
    private int nlDepth;
    private int depth;
    private boolean depthReported;

    SyntaxParser(String filename, byte[] src, HclScanner.Result scan) {
        this.filename = filename;
        this.src = src;
        List<Token> all = scan.tokens();
        Token[] kept = new Token[all.size()];
        int n = 0;
        for (Token t : all) {
            if (t.type() != TokenType.COMMENT) {
                kept[n++] = t;
            }
        }
        this.toks = java.util.Arrays.copyOf(kept, n);
        diags.addAll(scan.diagnostics());
    }

    /** Every diagnostic, ordered by where its subject starts (scanner and parser ones interleaved). */
    List<Diagnostic> diagnostics() {
        List<Diagnostic> all = new ArrayList<>(diags.toList());
        all.sort(java.util.Comparator.comparingInt(d -> d.subject().start().byteOffset()));
        return all;
    }

    // ---- entry points

    Body parseFileBody() {
        pushNl(true);
        Body body = parseBody(null);
        popNl();
        return body;
    }

    Expression parseWholeExpression() {
        pushNl(false);
        Expression e = parseExpression();
        Token t = peek();
        if (t.type() != TokenType.EOF && !recovering) {
            error("Extra characters after expression",
                    "An expression was successfully parsed, but extra characters were found after it.", t.range());
        }
        popNl();
        return e;
    }

    Expression parseStandaloneTemplate() {
        Range start = Range.at(filename, toks[0].range().start());
        return parseTemplateBody(start, TokenType.EOF, false);
    }

    // ---- token access

    private boolean nl() {
        return nlDepth == 0 || nlStack[nlDepth - 1];
    }

    private void pushNl(boolean significant) {
        if (nlDepth == nlStack.length) {
            nlStack = java.util.Arrays.copyOf(nlStack, nlDepth * 2);
        }
        nlStack[nlDepth++] = significant;
    }

    private void popNl() {
        nlDepth--;
    }

    private int skipIndex() {
        int i = pos;
        if (!nl()) {
            while (toks[i].type() == TokenType.NEWLINE) {
                i++;
            }
        }
        return i;
    }

    private Token peek() {
        return toks[skipIndex()];
    }

    private Token read() {
        int i = skipIndex();
        Token t = toks[i];
        pos = t.type() == TokenType.EOF ? i : i + 1;
        return t;
    }

    private Token peekRaw() {
        return toks[pos];
    }

    private Token readRaw() {
        Token t = toks[pos];
        if (t.type() != TokenType.EOF) {
            pos++;
        }
        return t;
    }

    private String text(Token t) {
        return new String(src, t.startByte(), t.endByte() - t.startByte(), StandardCharsets.UTF_8);
    }

    private boolean isKeyword(Token t, String word) {
        if (t.type() != TokenType.IDENT || t.endByte() - t.startByte() != word.length()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (src[t.startByte() + i] != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** A structural error: reported unless already recovering from one, and starts recovery. */
    private void error(String summary, String detail, Range subject) {
        error(summary, detail, subject, null);
    }

    private void error(String summary, String detail, Range subject, Range context) {
        if (!recovering) {
            diags.add(new Diagnostic(Severity.ERROR, summary, detail, subject, context));
        }
        recovering = true;
    }

    /** An error that does not disturb parsing (an escape, a number). */
    private void report(String summary, String detail, Range subject) {
        diags.add(Diagnostic.error(summary, detail, subject));
    }

    private static boolean isOpener(TokenType t) {
        return switch (t) {
            case OBRACE, OBRACK, OPAREN, OQUOTE, OHEREDOC, TEMPLATE_INTERP, TEMPLATE_CONTROL -> true;
            default -> false;
        };
    }

    private static boolean isCloser(TokenType t) {
        return switch (t) {
            case CBRACE, CBRACK, CPAREN, CQUOTE, CHEREDOC, TEMPLATE_SEQ_END -> true;
            default -> false;
        };
    }

    /**
     * Skips to the next {@code end} at the current nesting level and consumes it; stops (returning null) at the end of
     * input or at a closing brace, quote or sequence end that belongs to an enclosing construct.
     */
    private Token recoverTo(TokenType end) {
        int depth = 0;
        while (true) {
            Token t = toks[pos];
            TokenType ty = t.type();
            if (ty == TokenType.EOF) {
                return null;
            }
            if (depth == 0 && ty == end) {
                pos++;
                return t;
            }
            if (isOpener(ty)) {
                depth++;
            } else if (isCloser(ty)) {
                if (depth == 0) {
                    if (ty == TokenType.CBRACE || ty == TokenType.TEMPLATE_SEQ_END || ty == TokenType.CQUOTE
                            || ty == TokenType.CHEREDOC) {
                        return null;
                    }
                } else {
                    depth--;
                }
            }
            pos++;
        }
    }

    private Range lastRange() {
        return toks[Math.max(0, pos - 1)].range();
    }

    // ---- structure

    private Body parseBody(Token open) {
        List<Attribute> attrs = new ArrayList<>();
        List<Block> blocks = new ArrayList<>();
        Map<String, Attribute> seen = new HashMap<>();
        Range end;
        while (true) {
            Token t = peekRaw();
            if (t.type() == TokenType.NEWLINE) {
                pos++;
                continue;
            }
            if (t.type() == TokenType.EOF) {
                if (open != null) {
                    diags.add(Diagnostic.error("Unclosed configuration block", "There is no closing brace for this"
                            + " block before the end of the file. This may be caused by incorrect brace nesting"
                            + " elsewhere in this file.", open.range()));
                }
                end = t.range();
                break;
            }
            if (t.type() == TokenType.CBRACE && open != null) {
                end = t.range();
                break;
            }
            recovering = false;
            parseBodyItem(attrs, blocks, seen);
        }
        Range start = open != null ? open.range() : Range.at(filename, new Pos(1, 1, bomLength()));
        return new Body(attrs, blocks, Range.between(start, end));
    }

    private int bomLength() {
        return src.length >= 3 && (src[0] & 0xff) == 0xEF && (src[1] & 0xff) == 0xBB && (src[2] & 0xff) == 0xBF
                ? 3 : 0;
    }

    private void addAttribute(Attribute a, List<Attribute> attrs, Map<String, Attribute> seen) {
        Attribute existing = seen.get(a.name());
        if (existing != null) {
            diags.add(Diagnostic.error("Attribute redefined", "The argument \"" + a.name() + "\" was already set at "
                    + existing.nameRange() + ". Each argument may be set only once.", a.nameRange()));
            return;
        }
        seen.put(a.name(), a);
        attrs.add(a);
    }

    private void parseBodyItem(List<Attribute> attrs, List<Block> blocks, Map<String, Attribute> seen) {
        Token ident = readRaw();
        if (ident.type() != TokenType.IDENT) {
            error("Argument or block definition required", "An argument or block definition is required here.",
                    ident.range());
            recoverTo(TokenType.NEWLINE);
            return;
        }
        Token next = peekRaw();
        switch (next.type()) {
            case EQUAL -> {
                Attribute a = parseAttribute(ident);
                endOfItem("Missing newline after argument", "An argument definition must end with a newline.");
                addAttribute(a, attrs, seen);
            }
            case OQUOTE, IDENT, OBRACE -> {
                Block b = parseBlock(ident);
                if (b != null) {
                    blocks.add(b);
                }
            }
            default -> {
                error("Argument or block definition required", "An argument or block definition is required here."
                        + " To set an argument, use the equals sign \"=\" to introduce the argument value.",
                        next.range());
                recoverTo(TokenType.NEWLINE);
            }
        }
    }

    private Attribute parseAttribute(Token name) {
        readRaw(); // '='
        Expression e = parseExpression();
        return new Attribute(text(name), e, Range.between(name.range(), e.range()), name.range());
    }

    private void endOfItem(String summary, String detail) {
        Token t = peekRaw();
        if (t.type() == TokenType.NEWLINE) {
            pos++;
            return;
        }
        if (t.type() == TokenType.EOF) {
            return;
        }
        error(summary, detail, t.range());
        recoverTo(TokenType.NEWLINE);
    }

    private Block parseBlock(Token typeTok) {
        List<String> labels = new ArrayList<>();
        List<Range> labelRanges = new ArrayList<>();
        while (true) {
            Token t = peekRaw();
            if (t.type() == TokenType.OQUOTE) {
                readRaw();
                StringBuilder sb = new StringBuilder();
                Range r = parseQuotedLabel(t, sb);
                labels.add(sb.toString());
                labelRanges.add(r);
            } else if (t.type() == TokenType.IDENT) {
                readRaw();
                labels.add(text(t));
                labelRanges.add(t.range());
            } else if (t.type() == TokenType.OBRACE) {
                break;
            } else {
                error("Invalid block definition",
                        "Either a quoted string block label or an opening brace (\"{\") is expected here.", t.range());
                recoverTo(TokenType.NEWLINE);
                return null;
            }
        }
        Token open = readRaw();
        Token after = peekRaw();
        Body body;
        Range closeRange;
        if (after.type() == TokenType.NEWLINE || after.type() == TokenType.EOF) {
            if (depth >= MAX_DEPTH) {
                tooDeep();
                recoverTo(TokenType.CBRACE);
                return null;
            }
            depth++;
            try {
                body = parseBody(open);
            } finally {
                depth--;
            }
            Token close = peekRaw();
            if (close.type() == TokenType.CBRACE) {
                pos++;
            }
            closeRange = close.range();
        } else {
            Token close = parseSingleLineBody(typeTok, open);
            List<Attribute> attrs = singleLineAttr == null ? List.of() : List.of(singleLineAttr);
            closeRange = close != null ? close.range() : lastRange();
            body = new Body(attrs, List.of(), Range.between(open.range(), closeRange));
        }
        Block b = new Block(text(typeTok), labels, body, Range.between(typeTok.range(), closeRange),
                typeTok.range(), labelRanges, open.range());
        endOfItem("Missing newline after block definition", "A block definition must end with a newline.");
        return b;
    }

    private Attribute singleLineAttr;

    /** Parses what follows the brace of a one-line block; returns the closing brace, or null. */
    private Token parseSingleLineBody(Token typeTok, Token open) {
        singleLineAttr = null;
        Token t = peekRaw();
        if (t.type() == TokenType.CBRACE) {
            return readRaw();
        }
        if (t.type() != TokenType.IDENT) {
            error("Argument or block definition required", "An argument or block definition is required here.",
                    t.range());
            return recoverTo(TokenType.CBRACE);
        }
        Token name = readRaw();
        Token nx = peekRaw();
        if (nx.type() == TokenType.EQUAL) {
            Attribute a = parseAttribute(name);
            singleLineAttr = a;
            Token e = peekRaw();
            if (e.type() == TokenType.CBRACE) {
                return readRaw();
            }
            if (e.type() == TokenType.EOF) {
                error("Unclosed configuration block", "There is no closing brace for this block before the end of"
                        + " the file. This may be caused by incorrect brace nesting elsewhere in this file.",
                        open.range(), Range.between(typeTok.range(), open.range()));
                return null;
            }
            if (e.type() == TokenType.COMMA) {
                error("Only one argument is allowed in a single-line block definition", "A single-line block"
                        + " definition can contain only a single argument. If you meant to define multiple"
                        + " arguments, use a multi-line block definition.", e.range());
            } else if (e.type() == TokenType.NEWLINE) {
                error("Invalid single-argument block definition", "An argument definition on the same line as its"
                        + " containing block creates a single-line block definition, which must also be closed on"
                        + " the same line. Place the block's closing brace immediately after the argument"
                        + " definition.", e.range());
            } else {
                error("Invalid single-argument block definition", "A single-line block definition must end with a"
                        + " closing brace (\"}\") right after its argument.", e.range());
            }
            return recoverTo(TokenType.CBRACE);
        }
        if (nx.type() == TokenType.OQUOTE || nx.type() == TokenType.IDENT || nx.type() == TokenType.OBRACE) {
            Range subject = name.range();
            for (int j = pos; j < toks.length; j++) {
                TokenType ty = toks[j].type();
                if (ty == TokenType.OBRACE) {
                    subject = Range.between(name.range(), toks[j].range());
                    break;
                }
                if (ty == TokenType.NEWLINE || ty == TokenType.EOF || ty == TokenType.CBRACE) {
                    break;
                }
            }
            error("Invalid single-argument block definition",
                    "A single-line block definition cannot contain another block definition.", subject);
            return recoverTo(TokenType.CBRACE);
        }
        error("Argument or block definition required", "An argument or block definition is required here. To set"
                + " an argument, use the equals sign \"=\" to introduce the argument value.", nx.range());
        return recoverTo(TokenType.CBRACE);
    }

    private Range parseQuotedLabel(Token open, StringBuilder out) {
        while (true) {
            Token t = readRaw();
            switch (t.type()) {
                case QUOTED_LIT -> out.append(unescapeQuoted(t));
                case CQUOTE -> {
                    return Range.between(open.range(), t.range());
                }
                case TEMPLATE_INTERP, TEMPLATE_CONTROL -> {
                    error("Invalid string literal", "Template sequences are not allowed in this string. To include"
                            + " a literal \"" + (char) src[t.startByte()] + "\", double it (as \""
                            + (char) src[t.startByte()] + (char) src[t.startByte()] + "\") to escape it.", t.range());
                    recoverTo(TokenType.TEMPLATE_SEQ_END);
                }
                default -> {
                    pos--;
                    if (t.type() == TokenType.EOF) {
                        pos++;
                    }
                    return Range.between(open.range(), lastRange());
                }
            }
        }
    }

    // ---- expressions

    Expression parseExpression() {
        if (depth >= MAX_DEPTH) {
            return tooDeep();
        }
        depth++;
        try {
            return parseConditional();
        } finally {
            depth--;
        }
    }

    private Expression tooDeep() {
        return tooDeep(peek().range());
    }

    private Expression tooDeep(Range where) {
        if (!depthReported) {
            depthReported = true;
            diags.add(Diagnostic.error("Nesting too deep", "Expressions, blocks and template directives can be"
                    + " nested at most " + MAX_DEPTH + " levels deep.", where));
        }
        recovering = true;
        return new Invalid(Range.at(filename, where.start()));
    }

    private Expression parseConditional() {
        Expression cond = parseBinary(1);
        if (peek().type() != TokenType.QUESTION) {
            return cond;
        }
        read();
        Expression t = parseExpression();
        Token colon = peek();
        if (colon.type() != TokenType.COLON) {
            error("Missing false expression in conditional", "The conditional operator (...?...:...) requires a"
                    + " false expression, delimited by a colon.", colon.range());
            return new Expression.Conditional(cond, t, new Invalid(Range.at(filename, colon.range().start())),
                    Range.between(cond.range(), t.range()));
        }
        read();
        Expression f = parseExpression();
        return new Expression.Conditional(cond, t, f, Range.between(cond.range(), f.range()));
    }

    private Expression parseBinary(int minPrecedence) {
        Expression lhs = parseUnary();
        while (true) {
            BinaryOp op = BinaryOp.of(peek().type());
            if (op == null || op.precedence() < minPrecedence) {
                return lhs;
            }
            read();
            Expression rhs = parseBinary(op.precedence() + 1);
            lhs = new Expression.Binary(lhs, op, rhs, Range.between(lhs.range(), rhs.range()));
        }
    }

    private Expression parseUnary() {
        Token t = peek();
        if (t.type() == TokenType.MINUS || t.type() == TokenType.BANG) {
            read();
            Expression operand = parseExpressionDepth(this::parseUnary);
            UnaryOp op = t.type() == TokenType.MINUS ? UnaryOp.NEGATE : UnaryOp.NOT;
            return new Expression.Unary(op, operand, Range.between(t.range(), operand.range()));
        }
        return parsePostfix(parseTerm());
    }

    private Expression parseExpressionDepth(java.util.function.Supplier<Expression> parse) {
        if (depth >= MAX_DEPTH) {
            return tooDeep();
        }
        depth++;
        try {
            return parse.get();
        } finally {
            depth--;
        }
    }

    private Expression parseTerm() {
        Token t = peek();
        switch (t.type()) {
            case OPAREN -> {
                read();
                pushNl(false);
                Expression e = parseExpression();
                Token c = peek();
                if (c.type() == TokenType.CPAREN) {
                    read();
                } else {
                    error("Unbalanced parentheses", "Expected a closing parenthesis to terminate the expression.",
                            c.range(), Range.between(t.range(), c.range()));
                    Token r = recoverTo(TokenType.CPAREN);
                    c = r != null ? r : c;
                }
                popNl();
                return new Expression.Parens(e, Range.between(t.range(), c.range()));
            }
            case NUMBER_LIT -> {
                read();
                String s = text(t);
                if (!NUMBER.matcher(s).matches()) {
                    report("Invalid number literal", "Failed to recognize the value of this number literal.",
                            t.range());
                    return new Invalid(t.range());
                }
                return new NumberLit(s, t.range());
            }
            case IDENT -> {
                read();
                if (peek().type() == TokenType.OPAREN) {
                    return parseCall(t);
                }
                if (isKeyword(t, "true")) {
                    return new BoolLit(true, t.range());
                } else if (isKeyword(t, "false")) {
                    return new BoolLit(false, t.range());
                } else if (isKeyword(t, "null")) {
                    return new NullLit(t.range());
                }
                return new ScopeTraversal(text(t), t.range(), List.of(), t.range());
            }
            case OQUOTE -> {
                read();
                return parseTemplateBody(t.range(), TokenType.CQUOTE, false);
            }
            case OHEREDOC -> {
                read();
                boolean flush = src[t.startByte() + 2] == '-';
                return parseTemplateBody(t.range(), TokenType.CHEREDOC, flush);
            }
            case OBRACK -> {
                return parseTuple();
            }
            case OBRACE -> {
                return parseObject();
            }
            case MINUS, BANG -> {
                return parseUnary();
            }
            case EOF -> {
                error("Missing expression", "Expected the start of an expression, but found the end of the file.",
                        t.range());
                return new Invalid(t.range());
            }
            default -> {
                error("Invalid expression", "Expected the start of an expression, but found an invalid expression"
                        + " token.", t.range());
                if (t.type() != TokenType.NEWLINE && t.type() != TokenType.EOF && !isCloser(t.type())) {
                    read();
                }
                return new Invalid(t.range());
            }
        }
    }

    private Expression parseCall(Token nameTok) {
        Token open = read();
        pushNl(false);
        List<Expression> args = new ArrayList<>();
        boolean expand = false;
        Token close = null;
        while (true) {
            Token t = peek();
            if (t.type() == TokenType.CPAREN) {
                close = read();
                break;
            }
            args.add(parseExpression());
            t = peek();
            if (t.type() == TokenType.ELLIPSIS) {
                read();
                expand = true;
                Token c = peek();
                if (c.type() == TokenType.CPAREN) {
                    close = read();
                } else {
                    error("Missing closing parenthesis", "An expanded function argument (with ...) must be"
                            + " immediately followed by closing parentheses.", c.range());
                    close = recoverTo(TokenType.CPAREN);
                }
                break;
            }
            if (t.type() == TokenType.COMMA) {
                read();
                continue;
            }
            if (t.type() == TokenType.CPAREN) {
                close = read();
                break;
            }
            if (t.type() == TokenType.EOF) {
                error("Unterminated function call", "There is no closing parenthesis for this function call before"
                        + " the end of the file. This may be caused by incorrect parenthesis nesting elsewhere in"
                        + " this file.", Range.between(nameTok.range(), open.range()));
                break;
            }
            error("Missing argument separator", "A comma is required to separate each function argument from the"
                    + " next.", t.range());
            close = recoverTo(TokenType.CPAREN);
            break;
        }
        popNl();
        Range end = close != null ? close.range() : args.isEmpty() ? open.range() : args.get(args.size() - 1).range();
        return new Expression.FunctionCall(text(nameTok), nameTok.range(), args, expand,
                Range.between(nameTok.range(), end));
    }

    private Expression parseTuple() {
        Token open = read();
        pushNl(false);
        try {
            if (isKeyword(peek(), "for")) {
                return parseFor(open, false);
            }
            List<Expression> items = new ArrayList<>();
            Token close = null;
            while (true) {
                Token t = peek();
                if (t.type() == TokenType.CBRACK) {
                    close = read();
                    break;
                }
                items.add(parseExpression());
                t = peek();
                if (t.type() == TokenType.COMMA) {
                    read();
                    continue;
                }
                if (t.type() == TokenType.CBRACK) {
                    close = read();
                    break;
                }
                if (t.type() == TokenType.EOF) {
                    error("Unterminated tuple constructor expression", "There is no corresponding closing bracket"
                            + " before the end of the file. This may be caused by incorrect bracket nesting elsewhere"
                            + " in this file.", open.range());
                    break;
                }
                error("Missing item separator", "Expected a comma to mark the beginning of the next item.",
                        t.range());
                close = recoverTo(TokenType.CBRACK);
                break;
            }
            Range end = close != null ? close.range() : lastRange();
            return new Expression.TupleCons(items, Range.between(open.range(), end));
        } finally {
            popNl();
        }
    }

    private Expression parseObject() {
        Token open = read();
        pushNl(true);
        try {
            int i = pos;
            while (toks[i].type() == TokenType.NEWLINE) {
                i++;
            }
            if (isKeyword(toks[i], "for")) {
                pos = i;
                return parseFor(open, true);
            }
            List<Expression.ObjectItem> items = new ArrayList<>();
            Token close = null;
            while (true) {
                Token t = peek();
                if (t.type() == TokenType.NEWLINE) {
                    read();
                    continue;
                }
                if (t.type() == TokenType.CBRACE) {
                    close = read();
                    break;
                }
                Expression key = objectKey(parseExpression());
                t = peek();
                if (t.type() == TokenType.EOF) {
                    error("Unterminated object constructor expression", "There is no corresponding closing brace"
                            + " before the end of the file. This may be caused by incorrect brace nesting elsewhere"
                            + " in this file.", open.range());
                    break;
                }
                if (t.type() != TokenType.EQUAL && t.type() != TokenType.COLON) {
                    error("Missing key/value separator", "Expected an equals sign (\"=\") to mark the beginning of"
                            + " the attribute value.", t.range());
                    close = recoverTo(TokenType.CBRACE);
                    break;
                }
                read();
                Expression value = parseExpression();
                items.add(new Expression.ObjectItem(key, value, Range.between(key.range(), value.range())));
                t = peek();
                if (t.type() == TokenType.COMMA || t.type() == TokenType.NEWLINE) {
                    read();
                    continue;
                }
                if (t.type() == TokenType.CBRACE) {
                    close = read();
                    break;
                }
                if (t.type() == TokenType.EOF) {
                    error("Unterminated object constructor expression", "There is no corresponding closing brace"
                            + " before the end of the file. This may be caused by incorrect brace nesting elsewhere"
                            + " in this file.", open.range());
                    break;
                }
                error("Missing attribute separator", "Expected a newline or comma to mark the beginning of the next"
                        + " attribute.", t.range());
                close = recoverTo(TokenType.CBRACE);
                break;
            }
            Range end = close != null ? close.range() : lastRange();
            return new Expression.ObjectCons(items, Range.between(open.range(), end));
        } finally {
            popNl();
        }
    }

    /** A bare identifier (or keyword) key is the literal name; anything else stays an expression. */
    private Expression objectKey(Expression key) {
        if (key instanceof ScopeTraversal st && st.steps().isEmpty()) {
            return new Expression.StringLit(st.root(), st.range());
        }
        if (key instanceof BoolLit || key instanceof NullLit) {
            return new Expression.StringLit(key.range().text(src), key.range());
        }
        return key;
    }

    private Expression parseFor(Token open, boolean object) {
        TokenType closer = object ? TokenType.CBRACE : TokenType.CBRACK;
        pushNl(false);
        try {
            read(); // for
            Token v1 = peek();
            if (v1.type() != TokenType.IDENT) {
                error("Invalid 'for' expression", "For expression requires variable name after 'for'.", v1.range());
                return failFor(open, closer);
            }
            read();
            String keyVar = null;
            String valueVar = text(v1);
            if (peek().type() == TokenType.COMMA) {
                read();
                Token v2 = peek();
                if (v2.type() != TokenType.IDENT) {
                    error("Invalid 'for' expression", "For expression requires value variable name after comma.",
                            v2.range());
                    return failFor(open, closer);
                }
                read();
                keyVar = valueVar;
                valueVar = text(v2);
            }
            Token in = peek();
            if (!isKeyword(in, "in")) {
                error("Invalid 'for' expression", "For expression requires the 'in' keyword after its name"
                        + " declarations.", in.range());
                return failFor(open, closer);
            }
            read();
            Expression coll = parseExpression();
            Token colon = peek();
            if (colon.type() != TokenType.COLON) {
                error("Invalid 'for' expression", "For expression requires a colon after the collection expression.",
                        colon.range());
                return failFor(open, closer);
            }
            read();
            Expression keyExpr = null;
            if (object) {
                keyExpr = parseExpression();
                Token arrow = peek();
                if (arrow.type() != TokenType.FAT_ARROW) {
                    error("Invalid 'for' expression", "For expression requires a => symbol after the key"
                            + " expression.", arrow.range());
                    return failFor(open, closer);
                }
                read();
            }
            Expression valueExpr = parseExpression();
            boolean grouping = false;
            if (peek().type() == TokenType.ELLIPSIS) {
                Token el = read();
                if (object) {
                    grouping = true;
                } else {
                    error("Invalid 'for' expression", "Grouping ellipsis (...) can be used only in an object for"
                            + " expression.", el.range());
                }
            }
            Expression cond = null;
            if (isKeyword(peek(), "if")) {
                read();
                cond = parseExpression();
            }
            Token close = peek();
            if (close.type() == closer) {
                read();
            } else {
                error("Invalid 'for' expression", "Extra characters after the end of the 'for' expression.",
                        close.range());
                Token r = recoverTo(closer);
                close = r != null ? r : close;
            }
            return new Expression.ForExpr(keyVar, valueVar, coll, keyExpr, valueExpr, cond, grouping,
                    Range.between(open.range(), close.range()));
        } finally {
            popNl();
        }
    }

    private Expression failFor(Token open, TokenType closer) {
        Token r = recoverTo(closer);
        return new Invalid(Range.between(open.range(), r != null ? r.range() : lastRange()));
    }

    private Expression parsePostfix(Expression from) {
        Expression ret = from;
        while (true) {
            Token t = peek();
            if (t.type() == TokenType.DOT) {
                read();
                Token a = peek();
                if (a.type() == TokenType.IDENT) {
                    read();
                    ret = addStep(ret, new Traverser.GetAttr(text(a), Range.between(t.range(), a.range())));
                } else if (a.type() == TokenType.NUMBER_LIT) {
                    read();
                    ret = addStep(ret, legacyIndex(t, a));
                } else if (a.type() == TokenType.STAR) {
                    read();
                    ret = attrSplat(from, ret, t, a);
                } else {
                    error("Invalid attribute name", "An attribute name is required after a dot.", a.range());
                    return new Invalid(Range.between(ret.range(), t.range()));
                }
            } else if (t.type() == TokenType.OBRACK) {
                Token open = read();
                if (peek().type() == TokenType.STAR) {
                    read();
                    Token c = peek();
                    if (c.type() == TokenType.CBRACK) {
                        read();
                    } else {
                        error("Missing close bracket on splat index", "The star for a full splat operator must be"
                                + " immediately followed by a closing bracket (\"]\").", c.range());
                        Token r = recoverTo(TokenType.CBRACK);
                        c = r != null ? r : c;
                    }
                    Expression.SplatItem item = new Expression.SplatItem(Range.between(open.range(), c.range()));
                    Expression each = parseExpressionDepth(() -> parsePostfix(item));
                    ret = new Expression.Splat(ret, each, item, true, Range.between(from.range(), each.range()));
                } else {
                    pushNl(false);
                    Expression key = parseExpression();
                    Token c = peek();
                    if (c.type() == TokenType.CBRACK) {
                        read();
                    } else {
                        error("Missing close bracket on index", "The index operator must end with a closing bracket"
                                + " (\"]\").", c.range());
                        Token r = recoverTo(TokenType.CBRACK);
                        c = r != null ? r : c;
                    }
                    popNl();
                    Range rng = Range.between(open.range(), c.range());
                    if (isStaticKey(key)) {
                        ret = addStep(ret, new Traverser.Index(key, false, rng));
                    } else {
                        ret = new Expression.IndexExpr(ret, key, Range.between(ret.range(), rng));
                    }
                }
            } else {
                return ret;
            }
        }
    }

    private Traverser legacyIndex(Token dot, Token num) {
        String s = text(num);
        Range rng = Range.between(dot.range(), num.range());
        if (!s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            int d = s.indexOf('.');
            String hint = d > 0 ? "[" + s.substring(0, d) + "][" + s.substring(d + 1) + "]" : "[" + s + "]";
            report("Invalid legacy index syntax", "When using the legacy index syntax, chaining two indexes together"
                    + " is not permitted. Use the proper index syntax instead, like " + hint + ".", num.range());
            return new Traverser.Index(new Invalid(num.range()), true, rng);
        }
        return new Traverser.Index(new NumberLit(s, num.range()), true, rng);
    }

    private Expression attrSplat(Expression from, Expression source, Token dot, Token star) {
        List<Traverser> trav = new ArrayList<>();
        Range last = star.range();
        while (peek().type() == TokenType.DOT) {
            Token d = read();
            Token x = peek();
            if (x.type() == TokenType.NUMBER_LIT) {
                read();
                trav.add(legacyIndex(d, x));
                last = x.range();
            } else if (x.type() == TokenType.IDENT) {
                read();
                trav.add(new Traverser.GetAttr(text(x), Range.between(d.range(), x.range())));
                last = x.range();
            } else {
                if (x.type() == TokenType.STAR) {
                    error("Nested splat expression not allowed", "A splat expression (*) cannot be used inside"
                            + " another attribute-only splat expression.", x.range());
                    read();
                } else {
                    error("Invalid attribute name", "An attribute name is required after a dot.", x.range());
                }
                break;
            }
        }
        Expression.SplatItem item = new Expression.SplatItem(Range.between(dot.range(), star.range()));
        Expression each = trav.isEmpty() ? item : new Expression.RelativeTraversal(item, trav,
                Range.between(trav.get(0).range(), trav.get(trav.size() - 1).range()));
        return new Expression.Splat(source, each, item, false, Range.between(from.range(), last));
    }

    private static boolean isStaticKey(Expression key) {
        return key instanceof NumberLit || key instanceof BoolLit || key instanceof NullLit
                || (key instanceof Template t && t.isStringLiteral());
    }

    private static Expression addStep(Expression ret, Traverser step) {
        if (ret instanceof ScopeTraversal st) {
            List<Traverser> steps = new ArrayList<>(st.steps());
            steps.add(step);
            return new ScopeTraversal(st.root(), st.rootRange(), steps, Range.between(st.range(), step.range()));
        }
        if (ret instanceof Expression.RelativeTraversal rt) {
            List<Traverser> steps = new ArrayList<>(rt.steps());
            steps.add(step);
            return new Expression.RelativeTraversal(rt.source(), steps, Range.between(rt.range(), step.range()));
        }
        return new Expression.RelativeTraversal(ret, List.of(step), Range.between(ret.range(), step.range()));
    }

    // ---- templates

    private static final int LIT = 0;
    private static final int INTERP = 1;
    private static final int IF = 2;
    private static final int ELSE = 3;
    private static final int ENDIF = 4;
    private static final int FOR = 5;
    private static final int ENDFOR = 6;

    /** One flat template token before the directive tree is built. */
    private static final class Flat {
        final int kind;
        String value;
        Range range;
        final Expression expr;
        final String keyVar;
        final String valueVar;

        Flat(int kind, String value, Range range, Expression expr, String keyVar, String valueVar) {
            this.kind = kind;
            this.value = value;
            this.range = range;
            this.expr = expr;
            this.keyVar = keyVar;
            this.valueVar = valueVar;
        }
    }

    private Expression parseTemplateBody(Range open, TokenType end, boolean flush) {
        List<Flat> parts = new ArrayList<>();
        boolean ltrimNext = false;
        boolean nextCanTrimPrev = false;
        Range endRange;
        while (true) {
            Token t = readRaw();
            boolean ltrim = ltrimNext;
            ltrimNext = false;
            boolean canTrimPrev = nextCanTrimPrev;
            nextCanTrimPrev = false;
            TokenType ty = t.type();
            if (ty == TokenType.QUOTED_LIT || ty == TokenType.STRING_LIT) {
                String s = ty == TokenType.QUOTED_LIT ? unescapeQuoted(t) : unescapeTemplate(t);
                if (ltrim) {
                    s = Strings.trimLeftSpace(s);
                }
                parts.add(new Flat(LIT, s, t.range(), null, null, null));
                nextCanTrimPrev = true;
            } else if (ty == TokenType.TEMPLATE_INTERP || ty == TokenType.TEMPLATE_CONTROL) {
                if (canTrimPrev && t.endByte() - t.startByte() == 3 && !parts.isEmpty()
                        && parts.get(parts.size() - 1).kind == LIT) {
                    Flat prev = parts.get(parts.size() - 1);
                    prev.value = Strings.trimRightSpace(prev.value);
                }
                pushNl(false);
                Flat f = ty == TokenType.TEMPLATE_INTERP ? interpolation(t, end) : directive(t);
                popNl();
                if (f != null) {
                    parts.add(f);
                    ltrimNext = f.value != null && f.value.equals("~");
                    f.value = null;
                }
            } else if (ty == end) {
                endRange = t.range();
                break;
            } else {
                if (ty != TokenType.EOF) {
                    pos--;
                }
                error("Unterminated template string", "No closing marker was found for the string.", t.range());
                endRange = t.range();
                break;
            }
        }
        if (flush) {
            flushHeredoc(parts);
        }
        if (parts.isEmpty()) {
            parts.add(new Flat(LIT, "", Range.at(filename, open.end()), null, null, null));
        }
        meld(parts);
        Range range = Range.between(open, endRange);
        if (parts.size() == 1 && parts.get(0).kind == INTERP) {
            return new Expression.TemplateWrap(parts.get(0).expr, range);
        }
        int[] idx = {0};
        List<TemplatePart> tree = templateSequence(parts, idx, -1, -1);
        while (idx[0] < parts.size()) {
            Flat stray = parts.get(idx[0]++);
            error("Unexpected " + keyword(stray.kind) + " directive", "There is no "
                    + (stray.kind == ENDFOR ? "\"for\"" : "\"if\"") + " directive open here for this \""
                    + keyword(stray.kind) + "\" to belong to.", stray.range);
            tree = new ArrayList<>(tree);
            tree.addAll(templateSequence(parts, idx, -1, -1));
        }
        return new Template(tree, range);
    }

    private Flat interpolation(Token open, TokenType end) {
        Expression e = parseExpression();
        Token c = peek();
        Range range;
        String strip = null;
        if (c.type() == TokenType.TEMPLATE_SEQ_END) {
            read();
            if (c.endByte() - c.startByte() == 2) {
                strip = "~";
            }
            range = Range.between(open.range(), c.range());
        } else {
            if (c.type() == TokenType.EOF) {
                error("Unclosed template interpolation sequence", "There is no closing brace for this"
                        + " interpolation sequence before the end of the file. This might be caused by incorrect"
                        + " nesting inside the given expression.", open.range());
            } else if (c.type() == TokenType.COLON) {
                error("Extra characters after interpolation expression", "Template interpolation doesn't expect a"
                        + " colon at this location. Did you intend this to be a literal sequence to be processed as"
                        + " part of another language? If so, you can escape it by starting with \"$${\" instead of"
                        + " just \"${\".", c.range(), Range.between(open.range(), c.range()));
            } else if ((c.type() == TokenType.CQUOTE || c.type() == TokenType.OQUOTE) && end == TokenType.CQUOTE) {
                error("Unclosed template interpolation sequence", "There is no closing brace for this"
                        + " interpolation sequence before the end of the quoted template. This might be caused by"
                        + " incorrect nesting inside the given expression.", open.range());
            } else {
                error("Extra characters after interpolation expression", "Expected a closing brace to end the"
                        + " interpolation expression, but found extra characters.\n\nThis can happen when you include"
                        + " interpolation syntax for another language, such as shell scripting, but forget to escape"
                        + " the interpolation start token. If this is an embedded sequence for another language,"
                        + " escape it by starting with \"$${\" instead of just \"${\".", c.range(),
                        Range.between(open.range(), c.range()));
            }
            Token r = recoverTo(TokenType.TEMPLATE_SEQ_END);
            range = Range.between(open.range(), r != null ? r.range() : e.range());
        }
        return new Flat(INTERP, strip, range, e, null, null);
    }

    private Flat directive(Token open) {
        Token kw = peek();
        if (kw.type() != TokenType.IDENT) {
            error("Invalid template directive", "A template directive keyword (\"if\", \"for\", etc) is expected"
                    + " at the beginning of a %{ sequence.", kw.range(), Range.between(open.range(), kw.range()));
            recoverTo(TokenType.TEMPLATE_SEQ_END);
            return null;
        }
        read();
        String word = text(kw);
        int kind;
        Expression expr = null;
        String keyVar = null;
        String valueVar = null;
        switch (word) {
            case "if" -> {
                kind = IF;
                expr = parseExpression();
            }
            case "else" -> kind = ELSE;
            case "endif" -> kind = ENDIF;
            case "endfor" -> kind = ENDFOR;
            case "for" -> {
                kind = FOR;
                Token v1 = peek();
                if (v1.type() != TokenType.IDENT) {
                    error("Invalid 'for' directive", "For directive requires variable name after 'for'.",
                            v1.range());
                    recoverTo(TokenType.TEMPLATE_SEQ_END);
                    return null;
                }
                read();
                valueVar = text(v1);
                if (peek().type() == TokenType.COMMA) {
                    read();
                    Token v2 = peek();
                    if (v2.type() != TokenType.IDENT) {
                        error("Invalid 'for' directive", "For directive requires value variable name after comma.",
                                v2.range());
                        recoverTo(TokenType.TEMPLATE_SEQ_END);
                        return null;
                    }
                    read();
                    keyVar = valueVar;
                    valueVar = text(v2);
                }
                Token in = peek();
                if (!isKeyword(in, "in")) {
                    error("Invalid 'for' directive", "For directive requires 'in' keyword after names.", in.range());
                    recoverTo(TokenType.TEMPLATE_SEQ_END);
                    return null;
                }
                read();
                expr = parseExpression();
            }
            default -> {
                error("Invalid template control keyword", "\"" + word + "\" is not a valid template control"
                        + " keyword.", kw.range(), Range.between(open.range(), kw.range()));
                recoverTo(TokenType.TEMPLATE_SEQ_END);
                return null;
            }
        }
        Token c = peek();
        String strip = null;
        Range range;
        if (c.type() == TokenType.TEMPLATE_SEQ_END) {
            read();
            if (c.endByte() - c.startByte() == 2) {
                strip = "~";
            }
            range = Range.between(open.range(), c.range());
        } else {
            error("Extra characters in " + word + " marker", "Expected a closing brace to end the sequence, but found"
                    + " extra characters.", c.range(), Range.between(open.range(), c.range()));
            Token r = recoverTo(TokenType.TEMPLATE_SEQ_END);
            range = Range.between(open.range(), r != null ? r.range() : c.range());
        }
        return new Flat(kind, strip, range, expr, keyVar, valueVar);
    }

    private static String keyword(int kind) {
        return switch (kind) {
            case IF -> "if";
            case ELSE -> "else";
            case ENDIF -> "endif";
            case FOR -> "for";
            case ENDFOR -> "endfor";
            default -> "?";
        };
    }

    /** Builds parts until a flat token of kind {@code stop1} or {@code stop2} (not consumed) or the end. */
    private List<TemplatePart> templateSequence(List<Flat> parts, int[] idx, int stop1, int stop2) {
        List<TemplatePart> out = new ArrayList<>();
        while (idx[0] < parts.size()) {
            Flat f = parts.get(idx[0]);
            if (f.kind == stop1 || f.kind == stop2) {
                return out;
            }
            switch (f.kind) {
                case LIT -> {
                    idx[0]++;
                    out.add(new TemplatePart.Literal(f.value, f.range));
                }
                case INTERP -> {
                    idx[0]++;
                    out.add(new TemplatePart.Interpolation(f.expr, f.range));
                }
                case IF -> {
                    if (depth >= MAX_DEPTH) {
                        tooDeep(f.range);
                        idx[0] = parts.size();
                        return out;
                    }
                    idx[0]++;
                    depth++;
                    List<TemplatePart> then = templateSequence(parts, idx, ELSE, ENDIF);
                    Template thenT = subTemplate(then, f.range);
                    Template elseT = null;
                    Range endRange = f.range;
                    if (idx[0] < parts.size() && parts.get(idx[0]).kind == ELSE) {
                        Flat e = parts.get(idx[0]++);
                        elseT = subTemplate(templateSequence(parts, idx, ENDIF, ELSE), e.range);
                        endRange = e.range;
                        if (idx[0] < parts.size() && parts.get(idx[0]).kind == ELSE) {
                            error("Unexpected else directive", "An if directive can have only one else clause.",
                                    parts.get(idx[0]).range);
                        }
                    }
                    if (idx[0] < parts.size() && parts.get(idx[0]).kind == ENDIF) {
                        endRange = parts.get(idx[0]++).range;
                    } else {
                        error("Unterminated template directive", "The if directive at " + f.range
                                + " has no corresponding endif directive.", f.range);
                        endRange = lastFlatRange(parts, idx[0], endRange);
                    }
                    depth--;
                    out.add(new TemplatePart.If(f.expr, thenT, elseT, Range.between(f.range, endRange)));
                }
                case FOR -> {
                    if (depth >= MAX_DEPTH) {
                        tooDeep(f.range);
                        idx[0] = parts.size();
                        return out;
                    }
                    idx[0]++;
                    depth++;
                    Template body = subTemplate(templateSequence(parts, idx, ENDFOR, -1), f.range);
                    Range endRange;
                    if (idx[0] < parts.size() && parts.get(idx[0]).kind == ENDFOR) {
                        endRange = parts.get(idx[0]++).range;
                    } else {
                        error("Unterminated template directive", "The for directive at " + f.range
                                + " has no corresponding endfor directive.", f.range);
                        endRange = lastFlatRange(parts, idx[0], f.range);
                    }
                    depth--;
                    out.add(new TemplatePart.For(f.keyVar, f.valueVar, f.expr, body,
                            Range.between(f.range, endRange)));
                }
                default -> {
                    return out;
                }
            }
        }
        return out;
    }

    private static Range lastFlatRange(List<Flat> parts, int idx, Range fallback) {
        return idx > 0 && idx <= parts.size() ? Range.between(fallback, parts.get(idx - 1).range) : fallback;
    }

    private Template subTemplate(List<TemplatePart> parts, Range after) {
        if (parts.isEmpty()) {
            Range at = Range.at(filename, after.end());
            return new Template(List.of(new TemplatePart.Literal("", at)), at);
        }
        return new Template(parts, Range.between(parts.get(0).range(), parts.get(parts.size() - 1).range()));
    }

    private static void meld(List<Flat> parts) {
        int i = 1;
        while (i < parts.size()) {
            Flat prev = parts.get(i - 1);
            Flat cur = parts.get(i);
            if (prev.kind == LIT && cur.kind == LIT) {
                prev.value = prev.value + cur.value;
                prev.range = Range.between(prev.range, cur.range);
                parts.remove(i);
            } else {
                i++;
            }
        }
    }

    /** {@code <<-}: removes the smallest indentation of the line-leading literals from all of them. */
    private void flushHeredoc(List<Flat> parts) {
        int min = Integer.MAX_VALUE;
        boolean newline = true;
        List<Flat> adjust = new ArrayList<>();
        for (Flat f : parts) {
            if (newline) {
                newline = false;
                int spaces = 0;
                if (f.kind == LIT) {
                    String trimmed = Strings.trimLeftSpace(f.value);
                    if (trimmed.isEmpty() && f.value.endsWith("\n")) {
                        spaces = Integer.MAX_VALUE;
                    } else {
                        String lead = f.value.substring(0, f.value.length() - trimmed.length());
                        spaces = lead.codePointCount(0, lead.length());
                        adjust.add(f);
                    }
                }
                min = Math.min(min, spaces);
            }
            if (f.kind == LIT && f.value.endsWith("\n")) {
                newline = true;
            }
        }
        if (min == Integer.MAX_VALUE || min == 0) {
            return;
        }
        for (Flat f : adjust) {
            int cut = f.value.offsetByCodePoints(0, Math.min(min, f.value.codePointCount(0, f.value.length())));
            String removed = f.value.substring(0, cut);
            f.value = f.value.substring(cut);
            int bytes = removed.getBytes(StandardCharsets.UTF_8).length;
            Pos s = f.range.start();
            int columns = removed.codePointCount(0, removed.length());
            Pos ns = new Pos(s.line(), s.column() + columns, s.byteOffset() + bytes);
            f.range = new Range(filename, ns.byteOffset() <= f.range.end().byteOffset() ? ns : f.range.end(),
                    f.range.end());
        }
    }

    // ---- literal text

    private String unescapeTemplate(Token t) {
        int s = t.startByte();
        int e = t.endByte();
        StringBuilder sb = null;
        int runStart = s;
        int i = s;
        while (i < e) {
            if (i + 2 < e && (src[i] == '$' || src[i] == '%') && src[i + 1] == src[i] && src[i + 2] == '{') {
                if (sb == null) {
                    sb = new StringBuilder(e - s);
                }
                sb.append(new String(src, runStart, i + 1 - runStart, StandardCharsets.UTF_8));
                i += 2;
                runStart = i;
            } else {
                i++;
            }
        }
        String tail = new String(src, runStart, e - runStart, StandardCharsets.UTF_8);
        return sb == null ? tail : sb.append(tail).toString();
    }

    private String unescapeQuoted(Token t) {
        int s = t.startByte();
        int e = t.endByte();
        StringBuilder sb = new StringBuilder(e - s);
        int runStart = s;
        int i = s;
        while (i < e) {
            byte b = src[i];
            if (b == '\\') {
                sb.append(new String(src, runStart, i - runStart, StandardCharsets.UTF_8));
                i = escape(t, i, e, sb);
                runStart = i;
            } else if ((b == '$' || b == '%') && i + 2 < e && src[i + 1] == b && src[i + 2] == '{') {
                sb.append(new String(src, runStart, i + 1 - runStart, StandardCharsets.UTF_8));
                i += 2;
                runStart = i;
            } else {
                i++;
            }
        }
        sb.append(new String(src, runStart, e - runStart, StandardCharsets.UTF_8));
        return sb.toString();
    }

    /** Decodes the escape at {@code i} (a backslash) into {@code sb}; returns the offset after it. */
    private int escape(Token t, int i, int e, StringBuilder sb) {
        if (i + 1 >= e) {
            report("Invalid escape sequence", "A backslash must be followed by an escape sequence selector.",
                    rangeIn(t, i, i + 1));
            return i + 1;
        }
        int c = src[i + 1] & 0xff;
        switch (c) {
            case 'n' -> sb.append('\n');
            case 'r' -> sb.append('\r');
            case 't' -> sb.append('\t');
            case '"' -> sb.append('"');
            case '\\' -> sb.append('\\');
            case 'u', 'U' -> {
                int want = c == 'u' ? 4 : 8;
                int j = i + 2;
                int cp = 0;
                while (j < e && j < i + 2 + want && Character.digit(src[j], 16) >= 0) {
                    cp = cp * 16 + Character.digit(src[j], 16);
                    j++;
                }
                if (j - (i + 2) != want) {
                    report("Invalid escape sequence", "The \\" + (char) c + " escape sequence must be followed by "
                            + (want == 4 ? "four" : "eight") + " hexadecimal digits.", rangeIn(t, i, j));
                } else if (!Character.isValidCodePoint(cp) || (cp >= 0xD800 && cp <= 0xDFFF)) {
                    report("Invalid escape sequence", "The \\" + (char) c + " escape sequence must give a valid"
                            + " Unicode character.", rangeIn(t, i, j));
                } else {
                    sb.appendCodePoint(cp);
                }
                return j;
            }
            default -> {
                int len = c < 0x80 ? 1 : Math.max(1, SourcePositions.utf8Length(src, i + 1));
                String sym = new String(src, i + 1, Math.min(len, e - i - 1), StandardCharsets.UTF_8);
                report("Invalid escape sequence", "The symbol \"" + sym + "\" is not a valid escape sequence"
                        + " selector.", rangeIn(t, i, i + 1 + len));
                sb.append(sym);
                return i + 1 + len;
            }
        }
        return i + 2;
    }

    private Range rangeIn(Token t, int from, int to) {
        Pos s = SourcePositions.advance(src, t.range().start(), t.startByte(), from);
        Pos e = SourcePositions.advance(src, s, from, Math.min(to, t.endByte()));
        return new Range(filename, s, e);
    }
}
