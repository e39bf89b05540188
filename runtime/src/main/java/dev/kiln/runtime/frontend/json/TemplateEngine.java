package dev.kiln.runtime.frontend.json;

import dev.kiln.runtime.frontend.GoTime;
import dev.kiln.runtime.frontend.Suggestions;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Packer's template language: the subset of Go's {@code text/template} that Packer templates use, with Packer's
 * functions.
 *
 * <p>An action is <code>{{ pipeline }}</code>, with <code>{{-</code> and <code>-}}</code> trimming the white space
 * around it and <code>{{/* comment *&#47;}}</code> rendering nothing. A pipeline is commands joined by {@code |}; the value of each is
 * passed as the last argument of the next, as in Go. Operands are function names, strings ({@code `raw`} or
 * {@code "quoted"} with Go escapes), whole numbers, {@code true}/{@code false}, {@code .Field}s read from the context's
 * data, and parenthesised pipelines. Control structures ({@code if}, {@code range}, ...) and variables are not
 * supported and say so.
 *
 * <p>The functions are Packer's: {@code user}, {@code env}, {@code timestamp}, {@code isotime}, {@code strftime},
 * {@code uuid}, {@code build_name}, {@code build_type}, {@code pwd}, {@code template_dir}, {@code packer_version},
 * {@code build}, {@code lower}, {@code upper}, {@code replace}, {@code replace_all}, {@code split}, plus {@code sed},
 * {@code consul_key}, {@code vault} and {@code aws_secretsmanager}, which always fail with an explanation.
 * Instances are stateless and thread-safe.
 */
public final class TemplateEngine {

    /** Creates an engine. */
    public TemplateEngine() {
    }

    /**
     * Renders {@code text} in {@code ctx}.
     *
     * @param text the string to render; null renders as null
     * @param ctx what functions and fields read
     * @return the rendered string
     * @throws RenderException naming the line and column within {@code text} and what is wrong
     */
    public String render(String text, RenderContext ctx) {
        Objects.requireNonNull(ctx, "ctx");
        if (text == null || !text.contains("{{")) {
            return text;
        }
        List<Segment> segments = new Parser(text).segments();
        String[] outputs = new String[segments.size()];
        boolean[] kept = new boolean[segments.size()];
        Evaluator evaluator = new Evaluator(text, ctx);
        for (int k = 0; k < segments.size(); k++) {
            Segment segment = segments.get(k);
            if (segment.text() != null) {
                continue;
            }
            if (segment.pipeline() == null) {
                outputs[k] = "";                                // a comment
                continue;
            }
            try {
                outputs[k] = print(evaluator.pipeline(segment.pipeline()));
            } catch (KeepVerbatim keep) {
                outputs[k] = text.substring(segment.start(), segment.end());
                kept[k] = true;
            }
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int k = 0; k < segments.size(); k++) {
            Segment segment = segments.get(k);
            if (segment.text() == null) {
                if ((long) out.length() + outputs[k].length() > TemplateLimits.MAX_VALUE_LENGTH) {
                    throw error(text, tooLong("the rendered value"), segment.start(), null);
                }
                out.append(outputs[k]);
                continue;
            }
            String piece = segment.text();
            if (k > 0 && segments.get(k - 1).trimRight() && !kept[k - 1]) {
                piece = trimLeading(piece);
            }
            if (k + 1 < segments.size() && segments.get(k + 1).trimLeft() && !kept[k + 1]) {
                piece = trimTrailing(piece);
            }
            out.append(piece);
        }
        return out.toString();
    }

    /** Why a value of Kiln's is refused: it would be longer than {@link TemplateLimits#MAX_VALUE_LENGTH}. */
    static String tooLong(String what) {
        return what + " would be longer than " + TemplateLimits.characters(TemplateLimits.MAX_VALUE_LENGTH)
                + ", Kiln's limit for a value";
    }

    /**
     * Checks that {@code text} parses and names only known functions, without rendering it.
     *
     * @throws RenderException naming the line and column within {@code text} and what is wrong
     */
    public void check(String text) {
        if (text != null && text.contains("{{")) {
            new Parser(text).segments();
        }
    }

    /**
     * The user variables {@code text} names with a literal, as in <code>{{user `name`}}</code> or
     * <code>{{"name" | user}}</code>, in the order they appear: the variables its rendering will most likely need.
     * A name computed at render time is not found, and a string that does not parse names none.
     */
    Set<String> usedVariables(String text) {
        Set<String> names = new LinkedHashSet<>();
        if (text == null || !text.contains("user")) {
            return names;
        }
        List<Segment> segments;
        try {
            segments = new Parser(text).segments();
        } catch (RenderException e) {
            return names;
        }
        Deque<Pipeline> pending = new ArrayDeque<>();
        for (int k = segments.size() - 1; k >= 0; k--) {
            if (segments.get(k).pipeline() != null) {
                pending.push(segments.get(k).pipeline());
            }
        }
        while (!pending.isEmpty()) {
            List<Command> commands = pending.pop().commands();
            List<Pipeline> nested = new ArrayList<>();
            for (int c = 0; c < commands.size(); c++) {
                List<Node> operands = commands.get(c).operands();
                if (operands.get(0) instanceof Ident && ((Ident) operands.get(0)).name().equals("user")) {
                    if (operands.size() == 2 && operands.get(1) instanceof StringLit) {
                        names.add(((StringLit) operands.get(1)).value());
                    } else if (operands.size() == 1 && c > 0 && commands.get(c - 1).operands().size() == 1
                            && commands.get(c - 1).operands().get(0) instanceof StringLit) {
                        names.add(((StringLit) commands.get(c - 1).operands().get(0)).value());
                    }
                }
                for (Node operand : operands) {
                    if (operand instanceof Paren) {
                        nested.add(((Paren) operand).pipeline());
                    }
                }
            }
            for (int n = nested.size() - 1; n >= 0; n--) {
                pending.push(nested.get(n));
            }
        }
        return names;
    }

    /** The names of the functions templates may call. */
    public static Set<String> functionNames() {
        return Collections.unmodifiableSet(new TreeSet<>(FUNCTIONS.keySet()));
    }

    // ---- syntax tree ---------------------------------------------------------------------------------------------

    /**
     * Parses {@code text} into its segments without rendering it, for tools that translate templates (such as
     * {@code kiln hcl2_upgrade}): literal text and actions, in order, each with its offsets in {@code text}.
     *
     * @throws RenderException naming the line and column within {@code text} and what is wrong
     */
    public List<Segment> parse(String text) {
        Objects.requireNonNull(text, "text");
        return new Parser(text).segments();
    }

    /**
     * Text between actions ({@code text} set), or an action ({@code pipeline} set, or neither for a comment), with its
     * start and end offsets and whether it trims the white space before ({@code trimLeft}) or after it.
     */
    public record Segment(String text, Pipeline pipeline, int start, int end, boolean trimLeft, boolean trimRight) {
    }

    /** A node of an action's parse tree, with its offset in the parsed text. */
    public sealed interface Node permits Pipeline, Command, StringLit, NumberLit, BoolLit, Ident, Field, Paren {
        /** Where the node starts in the parsed text. */
        int pos();
    }

    /** Commands joined by {@code |}: each command's value is the last argument of the next. */
    public record Pipeline(List<Command> commands, int pos) implements Node {
    }

    /** A function with its arguments, or a single operand. */
    public record Command(List<Node> operands, int pos) implements Node {
    }

    /** A string literal, raw or quoted, already unescaped. */
    public record StringLit(String value, int pos) implements Node {
    }

    /** A number literal: its value ({@code Long} or {@code Double}) and its text. */
    public record NumberLit(Object value, String text, int pos) implements Node {
    }

    /** {@code true} or {@code false}. */
    public record BoolLit(boolean value, int pos) implements Node {
    }

    /** A function name, one of {@link #functionNames()}. */
    public record Ident(String name, int pos) implements Node {
    }

    /** A field of the data, like {@code .Image} or {@code .A.B}. */
    public record Field(List<String> names, int pos) implements Node {
    }

    /** A parenthesised pipeline. */
    public record Paren(Pipeline pipeline, int pos) implements Node {
    }

    // ---- parsing -------------------------------------------------------------------------------------------------

    private enum Kind { STRING, NUMBER, IDENT, FIELD, DOT, LPAREN, RPAREN, PIPE, CLOSE }

    private record Token(Kind kind, String text, Object value, int pos, boolean trimRight) {
    }

    private static final Set<String> KEYWORDS = Set.of("if", "else", "end", "range", "with", "define", "template",
            "block", "break", "continue");
    private static final Set<String> GO_BUILTINS = Set.of("and", "or", "not", "len", "index", "slice", "print",
            "printf", "println", "html", "js", "urlquery", "eq", "ne", "lt", "le", "gt", "ge", "call");

    /** Splits a string into text and actions and parses each action. */
    private static final class Parser {
        private final String text;
        private int pos;
        private int actionStart;
        private Token peeked;
        private Token last;                 // the token that ended the last pipeline: ')' or the closing '}}'

        Parser(String text) {
            this.text = text;
        }

        List<Segment> segments() {
            List<Segment> segments = new ArrayList<>();
            int i = 0;
            while (true) {
                int open = text.indexOf("{{", i);
                if (open < 0) {
                    segments.add(new Segment(text.substring(i), null, i, text.length(), false, false));
                    return segments;
                }
                segments.add(new Segment(text.substring(i, open), null, i, open, false, false));
                actionStart = open;
                pos = open + 2;
                peeked = null;
                boolean trimLeft = false;
                if (pos + 1 < text.length() && text.charAt(pos) == '-' && isSpace(text.charAt(pos + 1))) {
                    trimLeft = true;
                    pos++;
                }
                Segment action = comment(open, trimLeft);
                if (action == null) {
                    Pipeline pipeline = pipeline();
                    action = new Segment(null, pipeline, open, pos, trimLeft, last.trimRight());
                }
                segments.add(action);
                i = action.end();
            }
        }

        /** A <code>{{/* ... *&#47;}}</code> comment starting here, or null when the action is not a comment. */
        private Segment comment(int open, boolean trimLeft) {
            int p = pos;
            while (p < text.length() && isSpace(text.charAt(p))) {
                p++;
            }
            if (!text.startsWith("/*", p)) {
                return null;
            }
            int close = text.indexOf("*/", p + 2);
            if (close < 0) {
                throw error("unclosed comment", p);
            }
            p = close + 2;
            if (text.startsWith("}}", p)) {
                return new Segment(null, null, open, p + 2, trimLeft, false);
            }
            if (p + 3 < text.length() && isSpace(text.charAt(p)) && text.startsWith("-}}", p + 1)) {
                return new Segment(null, null, open, p + 4, trimLeft, true);
            }
            throw error("a comment must end right before '}}'", p);
        }

        /**
         * The pipeline of the action being read, up to its closing <code>}}</code>. Parenthesised pipelines nest
         * without using the Java stack (a frame per open parenthesis), so no depth of them can overflow it; the
         * parentheses are bounded by the length of the text.
         */
        private Pipeline pipeline() {
            Deque<PipelineFrame> open = new ArrayDeque<>();
            PipelineFrame frame = new PipelineFrame(peek().pos(), -1);
            while (true) {
                Token t = peek();
                if (t.kind() != Kind.PIPE && t.kind() != Kind.RPAREN && t.kind() != Kind.CLOSE) {
                    next();
                    if (t.kind() == Kind.LPAREN) {
                        open.push(frame);
                        frame = new PipelineFrame(peek().pos(), t.pos());
                    } else {
                        frame.operands.add(operand(t));
                    }
                    continue;
                }
                if (frame.operands.isEmpty()) {
                    throw error("missing value: expected a function, a string, a number or a .Field",
                            frame.commandStart);
                }
                frame.commands.add(new Command(List.copyOf(frame.operands), frame.commandStart));
                frame.operands.clear();
                next();
                if (t.kind() == Kind.PIPE) {
                    frame.commandStart = peek().pos();
                    continue;
                }
                last = t;
                boolean inParen = frame.lparen >= 0;
                if (inParen && t.kind() != Kind.RPAREN) {
                    throw error("unclosed '(': expected ')'", t.pos());
                }
                if (!inParen && t.kind() == Kind.RPAREN) {
                    throw error("unexpected ')'", t.pos());
                }
                Pipeline pipeline = new Pipeline(List.copyOf(frame.commands), frame.start);
                if (open.isEmpty()) {
                    return pipeline;
                }
                int lparen = frame.lparen;
                frame = open.pop();
                frame.operands.add(new Paren(pipeline, lparen));
            }
        }

        /** A pipeline being read: its commands so far, and the operands of the command being read. */
        private static final class PipelineFrame {
            final int start;
            final int lparen;                   // where its '(' is, or -1 for the action's own pipeline
            final List<Command> commands = new ArrayList<>();
            final List<Node> operands = new ArrayList<>();
            int commandStart;

            PipelineFrame(int start, int lparen) {
                this.start = start;
                this.lparen = lparen;
                this.commandStart = start;
            }
        }

        private Node operand(Token t) {
            switch (t.kind()) {
                case STRING:
                    return new StringLit((String) t.value(), t.pos());
                case NUMBER:
                    return new NumberLit(t.value(), t.text(), t.pos());
                case FIELD:
                    @SuppressWarnings("unchecked")
                    List<String> names = (List<String>) t.value();
                    return new Field(names, t.pos());
                case DOT:
                    throw error("'.' on its own is not supported; name a field, like {{ .Name }}", t.pos());
                default:
                    break;
            }
            String name = t.text();
            if (name.equals("true") || name.equals("false")) {
                return new BoolLit(name.equals("true"), t.pos());
            }
            if (name.equals("nil")) {
                throw error("nil is not supported here", t.pos());
            }
            if (KEYWORDS.contains(name)) {
                throw error("'" + name + "' is not supported: Kiln templates use functions, pipes and .Fields only",
                        t.pos());
            }
            if (!FUNCTIONS.containsKey(name)) {
                if (GO_BUILTINS.contains(name)) {
                    throw error("function \"" + name + "\" is a Go template built-in that Kiln does not support",
                            t.pos());
                }
                throw error("function \"" + name + "\" not defined" + Suggestions.closest(name, FUNCTIONS.keySet())
                        .map(s -> "; did you mean \"" + s + "\"?").orElse(""), t.pos());
            }
            return new Ident(name, t.pos());
        }

        private Token peek() {
            if (peeked == null) {
                peeked = lex();
            }
            return peeked;
        }

        private Token next() {
            Token t = peek();
            peeked = null;
            return t;
        }

        private Token lex() {
            int n = text.length();
            while (pos < n && isSpace(text.charAt(pos))) {
                if (text.startsWith("-}}", pos + 1)) {
                    int start = pos;
                    pos += 4;
                    return new Token(Kind.CLOSE, "-}}", null, start, true);
                }
                pos++;
            }
            if (pos >= n) {
                throw error("unclosed action: '{{' without '}}'", actionStart);
            }
            int start = pos;
            char c = text.charAt(pos);
            if (text.startsWith("}}", pos)) {
                pos += 2;
                return new Token(Kind.CLOSE, "}}", null, start, false);
            }
            switch (c) {
                case '|':
                    pos++;
                    return new Token(Kind.PIPE, "|", null, start, false);
                case '(':
                    pos++;
                    return new Token(Kind.LPAREN, "(", null, start, false);
                case ')':
                    pos++;
                    return new Token(Kind.RPAREN, ")", null, start, false);
                case '"':
                    return quoted();
                case '`': {
                    int end = text.indexOf('`', pos + 1);
                    if (end < 0) {
                        throw error("unterminated raw string: a closing '`' is missing", start);
                    }
                    pos = end + 1;
                    return new Token(Kind.STRING, text.substring(start, pos), text.substring(start + 1, end), start,
                            false);
                }
                case '$':
                    throw error("template variables like '$x' are not supported", start);
                case '\'':
                    throw error("character constants are not supported; use a string in double quotes or backticks",
                            start);
                default:
                    break;
            }
            if (c == '.') {
                if (pos + 1 < n && isIdentStart(text.charAt(pos + 1))) {
                    List<String> names = new ArrayList<>();
                    while (pos < n && text.charAt(pos) == '.' && pos + 1 < n && isIdentStart(text.charAt(pos + 1))) {
                        int nameStart = ++pos;
                        while (pos < n && isIdentPart(text.charAt(pos))) {
                            pos++;
                        }
                        names.add(text.substring(nameStart, pos));
                    }
                    return new Token(Kind.FIELD, text.substring(start, pos), List.copyOf(names), start, false);
                }
                if (pos + 1 < n && Character.isDigit(text.charAt(pos + 1))) {
                    return number();
                }
                pos++;
                return new Token(Kind.DOT, ".", null, start, false);
            }
            if (Character.isDigit(c) || (c == '-' || c == '+') && pos + 1 < n
                    && (Character.isDigit(text.charAt(pos + 1)) || text.charAt(pos + 1) == '.')) {
                return number();
            }
            if (isIdentStart(c)) {
                while (pos < n && isIdentPart(text.charAt(pos))) {
                    pos++;
                }
                if (pos < n && text.charAt(pos) == '.' && pos + 1 < n && isIdentStart(text.charAt(pos + 1))) {
                    throw error("fields of a function's result ('" + text.substring(start, pos) + ".…') are not "
                            + "supported", pos);
                }
                return new Token(Kind.IDENT, text.substring(start, pos), null, start, false);
            }
            if (c == ':' || c == '=') {
                throw error("template variables ('" + (c == ':' ? ":=" : "=") + "') are not supported", start);
            }
            throw error("unexpected '" + c + "' in action", start);
        }

        private Token number() {
            int start = pos;
            int n = text.length();
            pos++;
            while (pos < n) {
                char c = text.charAt(pos);
                char prev = text.charAt(pos - 1);
                boolean exponentSign = (c == '+' || c == '-') && (prev == 'e' || prev == 'E')
                        && !text.substring(start, pos).matches("[+-]?0[xX].*");
                if (Character.isLetterOrDigit(c) || c == '_' || c == '.' || exponentSign) {
                    pos++;
                } else {
                    break;
                }
            }
            String literal = text.substring(start, pos);
            Object value = parseNumber(literal);
            if (value == null) {
                throw error("bad number syntax: " + literal, start);
            }
            return new Token(Kind.NUMBER, literal, value, start, false);
        }

        private static Object parseNumber(String literal) {
            String s = literal.replace("_", "");
            boolean negative = s.startsWith("-");
            String digits = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
            try {
                long value;
                String lower = digits.toLowerCase(Locale.ROOT);
                if (lower.startsWith("0x")) {
                    value = Long.parseLong(digits.substring(2), 16);
                } else if (lower.startsWith("0o")) {
                    value = Long.parseLong(digits.substring(2), 8);
                } else if (lower.startsWith("0b")) {
                    value = Long.parseLong(digits.substring(2), 2);
                } else if (digits.length() > 1 && digits.startsWith("0") && digits.chars().allMatch(Character::isDigit)) {
                    value = Long.parseLong(digits.substring(1), 8);
                } else if (digits.chars().allMatch(Character::isDigit)) {
                    value = Long.parseLong(digits);
                } else {
                    double d = Double.parseDouble(s);
                    return Double.isFinite(d) && !s.matches(".*[a-zA-Z&&[^eE]].*") ? d : null;
                }
                return negative ? -value : value;
            } catch (NumberFormatException e) {
                return null;
            }
        }

        private Token quoted() {
            int start = pos;
            int n = text.length();
            StringBuilder value = new StringBuilder();
            pos++;
            while (true) {
                if (pos >= n || text.charAt(pos) == '\n') {
                    throw error("unterminated quoted string: a closing '\"' is missing", start);
                }
                char c = text.charAt(pos);
                if (c == '"') {
                    pos++;
                    return new Token(Kind.STRING, text.substring(start, pos), value.toString(), start, false);
                }
                if (c != '\\') {
                    value.append(c);
                    pos++;
                    continue;
                }
                if (pos + 1 >= n) {
                    throw error("unterminated quoted string: a closing '\"' is missing", start);
                }
                char e = text.charAt(pos + 1);
                pos += 2;
                switch (e) {
                    case 'a': value.append('\u0007'); break;
                    case 'b': value.append('\b'); break;
                    case 'f': value.append('\f'); break;
                    case 'n': value.append('\n'); break;
                    case 'r': value.append('\r'); break;
                    case 't': value.append('\t'); break;
                    case 'v': value.append('\u000b'); break;
                    case '\\': value.append('\\'); break;
                    case '"': value.append('"'); break;
                    case 'x': value.appendCodePoint(hex(2)); break;
                    case 'u': value.appendCodePoint(hex(4)); break;
                    case 'U': value.appendCodePoint(hex(8)); break;
                    default:
                        if (e >= '0' && e <= '7' && pos + 1 < n) {
                            String octal = text.substring(pos - 1, pos + 2);
                            if (octal.matches("[0-7]{3}")) {
                                value.append((char) Integer.parseInt(octal, 8));
                                pos += 2;
                                break;
                            }
                        }
                        throw error("unknown escape sequence '\\" + e + "' in quoted string", pos - 2);
                }
            }
        }

        private int hex(int digits) {
            if (pos + digits > text.length() || !text.substring(pos, pos + digits).matches("[0-9a-fA-F]+")) {
                throw error("bad escape sequence in quoted string: expected " + digits + " hex digits", pos - 2);
            }
            int value = Integer.parseInt(text.substring(pos, pos + digits), 16);
            pos += digits;
            if (!Character.isValidCodePoint(value)) {
                throw error("escape sequence is not a valid character", pos - digits - 2);
            }
            return value;
        }

        private RenderException error(String reason, int offset) {
            return TemplateEngine.error(text, reason, offset, null);
        }
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isIdentStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isIdentPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static String trimLeading(String s) {
        int i = 0;
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        return s.substring(i);
    }

    private static String trimTrailing(String s) {
        int i = s.length();
        while (i > 0 && isSpace(s.charAt(i - 1))) {
            i--;
        }
        return s.substring(0, i);
    }

    static RenderException error(String text, String reason, int offset, String unsetVariable) {
        return error(text, reason, offset, unsetVariable, null);
    }

    static RenderException error(String text, String reason, int offset, String unsetVariable,
                                 String unknownVariable) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new RenderException(reason, line, offset - lineStart + 1, unsetVariable, unknownVariable);
    }

    // ---- evaluation ----------------------------------------------------------------------------------------------

    /** Thrown in lenient mode when an action needs data that is not there yet; the action is then kept as it is. */
    private static final class KeepVerbatim extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private static final KeepVerbatim INSTANCE = new KeepVerbatim();

        private KeepVerbatim() {
            super(null, null, false, false);
        }
    }

    /** A function failed; the evaluator adds the position. */
    private static final class FunctionError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String unsetVariable;
        private final String unknownVariable;

        FunctionError(String message) {
            this(message, null, null);
        }

        FunctionError(String message, String unsetVariable) {
            this(message, unsetVariable, null);
        }

        FunctionError(String message, String unsetVariable, String unknownVariable) {
            super(message, null, false, false);
            this.unsetVariable = unsetVariable;
            this.unknownVariable = unknownVariable;
        }
    }

    /** A value with no position, standing for "nothing was piped in". */
    private static final Object NOTHING = new Object();

    private static final class Evaluator {
        private final String text;
        private final RenderContext ctx;

        Evaluator(String text, RenderContext ctx) {
            this.text = text;
            this.ctx = ctx;
        }

        /**
         * Evaluates {@code root}. Parenthesised pipelines get a frame each on a stack of their own, not on the Java
         * stack, so no depth of them can overflow it.
         */
        Object pipeline(Pipeline root) {
            Deque<EvalFrame> open = new ArrayDeque<>();
            EvalFrame frame = new EvalFrame(root);
            while (true) {
                List<Command> commands = frame.pipeline.commands();
                if (frame.command == commands.size()) {
                    if (open.isEmpty()) {
                        return frame.value;
                    }
                    Object value = frame.value;
                    frame = open.pop();
                    frame.accept(value);
                    continue;
                }
                List<Node> operands = commands.get(frame.command).operands();
                Node first = operands.get(0);
                if (!(first instanceof Ident)) {
                    if (operands.size() > 1) {
                        throw error(text, "can't give arguments to a non-function: " + describeNode(first),
                                operands.get(1).pos(), null);
                    }
                    if (frame.value != NOTHING) {
                        throw error(text, "can't pipe a value into a non-function: " + describeNode(first),
                                first.pos(), null);
                    }
                    if (first instanceof Paren) {
                        open.push(frame);
                        frame = new EvalFrame(((Paren) first).pipeline());
                    } else {
                        frame.finish(argument(first));
                    }
                    continue;
                }
                if (frame.operand < operands.size()) {
                    Node operand = operands.get(frame.operand);
                    if (operand instanceof Paren) {
                        open.push(frame);
                        frame = new EvalFrame(((Paren) operand).pipeline());
                    } else {
                        frame.accept(argument(operand));
                    }
                    continue;
                }
                if (frame.value != NOTHING) {
                    frame.args.add(frame.value);
                }
                frame.finish(call((Ident) first, frame.args));
            }
        }

        /** A pipeline being evaluated: the command reached, its operand reached, its arguments so far. */
        private static final class EvalFrame {
            final Pipeline pipeline;
            int command;
            int operand = 1;                    // operand 0 is the function (or the one non-function value)
            List<Object> args = new ArrayList<>();
            Object value = NOTHING;             // what the last command returned: what is piped into the next

            EvalFrame(Pipeline pipeline) {
                this.pipeline = pipeline;
            }

            /** The value of the operand reached (a non-function command's only one, or a function's argument). */
            void accept(Object result) {
                if (pipeline.commands().get(command).operands().get(0) instanceof Ident) {
                    args.add(result);
                    operand++;
                } else {
                    finish(result);
                }
            }

            void finish(Object result) {
                value = result;
                command++;
                operand = 1;
                args = new ArrayList<>();
            }
        }

        /** The value of an operand that is not a parenthesised pipeline. */
        private Object argument(Node node) {
            if (node instanceof StringLit) {
                return ((StringLit) node).value();
            }
            if (node instanceof NumberLit) {
                return ((NumberLit) node).value();
            }
            if (node instanceof BoolLit) {
                return ((BoolLit) node).value();
            }
            if (node instanceof Ident) {
                return call((Ident) node, List.of());
            }
            return field((Field) node);
        }

        private Object field(Field field) {
            Object current = ctx.data();
            String shown = "";
            for (String name : field.names()) {
                if (!(current instanceof Map)) {
                    throw error(text, "can't read field ." + name + " of " + shown + ", which is not an object",
                            field.pos(), null);
                }
                shown = shown + "." + name;
                Map<?, ?> map = (Map<?, ?>) current;
                if (!map.containsKey(name)) {
                    if (ctx.lenient()) {
                        throw KeepVerbatim.INSTANCE;
                    }
                    throw error(text, "field " + shown + " is not available here" + available(map, "."),
                            field.pos(), null);
                }
                current = map.get(name);
            }
            return current;
        }

        private Object call(Ident ident, List<Object> args) {
            Function function = FUNCTIONS.get(ident.name());
            try {
                checkArguments(function, args);
                Object result = function.body().apply(args, ctx);
                if (result instanceof String && ((String) result).length() > TemplateLimits.MAX_VALUE_LENGTH) {
                    throw new FunctionError(tooLong("the value of \"" + ident.name() + "\""));
                }
                return result;
            } catch (FunctionError e) {
                throw error(text, e.getMessage(), ident.pos(), e.unsetVariable, e.unknownVariable);
            }
        }
    }

    private static String available(Map<?, ?> map, String prefix) {
        if (map.isEmpty()) {
            return "; nothing is available here";
        }
        return "; available: " + map.keySet().stream().map(k -> prefix + k).sorted()
                .collect(Collectors.joining(", "));
    }

    private static String describeNode(Node node) {
        if (node instanceof StringLit) {
            return describe(((StringLit) node).value());
        }
        if (node instanceof NumberLit) {
            return "number " + ((NumberLit) node).text();
        }
        if (node instanceof BoolLit) {
            return "boolean " + ((BoolLit) node).value();
        }
        if (node instanceof Field) {
            return "." + String.join(".", ((Field) node).names());
        }
        return "a parenthesised pipeline";
    }

    private static String describe(Object value) {
        if (value instanceof String) {
            return "string \"" + value + "\"";
        }
        if (value instanceof Long || value instanceof Double) {
            return "number " + print(value);
        }
        if (value instanceof Boolean) {
            return "boolean " + value;
        }
        if (value == null) {
            return "nothing";
        }
        return value instanceof Map ? "an object" : value.getClass().getSimpleName() + " " + value;
    }

    /** Prints a value as Go's {@code fmt.Sprint} would for the types templates see. */
    private static String print(Object value) {
        if (value == null || value == NOTHING) {
            return "";
        }
        if (value instanceof Double) {
            double d = (Double) value;
            return d == Math.rint(d) && Math.abs(d) < 1e21 ? BigDecimal.valueOf(d).toBigInteger().toString()
                    : BigDecimal.valueOf(d).stripTrailingZeros().toString();
        }
        return value.toString();
    }

    // ---- functions -----------------------------------------------------------------------------------------------

    private enum Type { STRING, INT }

    @FunctionalInterface
    private interface Body {
        Object apply(List<Object> args, RenderContext ctx);
    }

    /** A template function: its parameters (all of {@code params}' one type when variadic) and what it does. */
    private record Function(String name, List<Type> params, boolean variadic, String usage, Body body) {
    }

    private static final Map<String, Function> FUNCTIONS = functions();

    private static Map<String, Function> functions() {
        Map<String, Function> f = new LinkedHashMap<>();
        add(f, "user", List.of(Type.STRING), "user `name`", (a, c) -> {
            String name = (String) a.get(0);
            String value = c.userVariables().get(name);
            if (value == null && c.unknownVariables().contains(name)) {
                throw new FunctionError("the value of variable '" + name + "' is not known", null, name);
            }
            if (value == null && c.envAllowed()) {
                throw new FunctionError("variable not set: " + name, name);
            }
            return value == null ? "" : value;
        });
        add(f, "env", List.of(Type.STRING), "env `NAME`", (a, c) -> {
            if (!c.envAllowed()) {
                throw new FunctionError("env vars are not allowed here; read the environment in a variable's "
                        + "default ({\"v\": \"{{env `NAME`}}\"}) and use {{user `v`}}");
            }
            String value = c.environment().get((String) a.get(0));
            return value == null ? "" : value;
        });
        add(f, "timestamp", List.of(), "timestamp", (a, c) -> Long.toString(c.now().getEpochSecond()));
        add(f, "isotime", List.of(Type.STRING), true, "isotime [`layout`]", (a, c) -> {
            if (a.size() > 1) {
                throw new FunctionError("too many values, 1 needed: " + a);
            }
            return GoTime.format(a.isEmpty() ? GoTime.RFC3339 : (String) a.get(0), utc(c));
        });
        add(f, "strftime", List.of(Type.STRING), "strftime `format`",
                (a, c) -> GoTime.strftime((String) a.get(0), utc(c)));
        add(f, "uuid", List.of(), "uuid", (a, c) -> UUID.randomUUID().toString());
        add(f, "build_name", List.of(), "build_name", (a, c) -> available(c.buildName(), "build_name"));
        add(f, "build_type", List.of(), "build_type", (a, c) -> available(c.buildType(), "build_type"));
        add(f, "pwd", List.of(), "pwd", (a, c) ->
                (c.workingDir() == null ? Path.of("") : c.workingDir()).toAbsolutePath().toString());
        add(f, "template_dir", List.of(), "template_dir", (a, c) -> {
            if (c.templateDir() == null) {
                throw new FunctionError("template path not available");
            }
            return c.templateDir().toAbsolutePath().normalize().toString();
        });
        add(f, "packer_version", List.of(), "packer_version",
                (a, c) -> available(c.kilnVersion(), "packer_version"));
        add(f, "build", List.of(Type.STRING), "build `Key`", (a, c) -> {
            String key = (String) a.get(0);
            if (c.data().containsKey(key)) {
                return print(c.data().get(key));
            }
            if (c.lenient()) {
                throw KeepVerbatim.INSTANCE;
            }
            throw new FunctionError("generated data '" + key + "' is not available here"
                    + available(c.data(), ""));
        });
        add(f, "lower", List.of(Type.STRING), "lower `text`",
                (a, c) -> ((String) a.get(0)).toLowerCase(Locale.ROOT));
        add(f, "upper", List.of(Type.STRING), "upper `text`",
                (a, c) -> ((String) a.get(0)).toUpperCase(Locale.ROOT));
        add(f, "replace", List.of(Type.STRING, Type.STRING, Type.INT, Type.STRING), "replace `old` `new` n `text`",
                (a, c) -> replace((String) a.get(3), (String) a.get(0), (String) a.get(1), (Long) a.get(2)));
        add(f, "replace_all", List.of(Type.STRING, Type.STRING, Type.STRING), "replace_all `old` `new` `text`",
                (a, c) -> replace((String) a.get(2), (String) a.get(0), (String) a.get(1), -1));
        add(f, "split", List.of(Type.STRING, Type.STRING, Type.INT), "split `text` `separator` index", (a, c) -> {
            List<String> parts = split((String) a.get(0), (String) a.get(1));
            long index = (Long) a.get(2);
            if (index < 0 || index >= parts.size()) {
                throw new FunctionError("the substring " + index + " was unavailable using the separator value, "
                        + a.get(1) + ", only " + parts.size() + " values were found");
            }
            return parts.get((int) index);
        });
        add(f, "sed", List.of(Type.STRING, Type.STRING), "sed", (a, c) -> {
            throw new FunctionError("template function `sed` is deprecated; use `replace` or `replace_all` instead");
        });
        for (String unsupported : List.of("consul_key", "vault", "aws_secretsmanager", "aws_secretsmanager_raw")) {
            add(f, unsupported, List.of(Type.STRING), true, unsupported, (a, c) -> {
                throw new FunctionError("\"" + unsupported + "\" is not supported by Kiln; pass the value with "
                        + "-var or read it from the environment with {{env}} in the variables section");
            });
        }
        return Collections.unmodifiableMap(f);
    }

    private static void add(Map<String, Function> f, String name, List<Type> params, String usage, Body body) {
        add(f, name, params, false, usage, body);
    }

    private static void add(Map<String, Function> f, String name, List<Type> params, boolean variadic, String usage,
                            Body body) {
        f.put(name, new Function(name, params, variadic, usage, body));
    }

    private static void checkArguments(Function function, List<Object> args) {
        if (!function.variadic() && args.size() != function.params().size()) {
            throw new FunctionError("wrong number of arguments for \"" + function.name() + "\": want "
                    + function.params().size() + ", got " + args.size() + " (usage: " + function.usage() + ")");
        }
        for (int i = 0; i < args.size(); i++) {
            Type want = function.variadic() ? function.params().get(0) : function.params().get(i);
            Object arg = args.get(i);
            boolean ok = want == Type.STRING ? arg instanceof String : arg instanceof Long;
            if (!ok) {
                throw new FunctionError("argument " + (i + 1) + " of \"" + function.name() + "\" must be "
                        + (want == Type.STRING ? "a string" : "a whole number") + ", got " + describe(arg)
                        + " (usage: " + function.usage() + ")");
            }
        }
    }

    private static String available(String value, String function) {
        if (value == null || value.isEmpty()) {
            throw new FunctionError(function + " not available");
        }
        return value;
    }

    private static ZonedDateTime utc(RenderContext ctx) {
        return ctx.now().atZone(ZoneOffset.UTC);
    }

    /** Go's {@code strings.Replace}: at most {@code n} replacements, all when {@code n < 0}. */
    static String replace(String s, String old, String replacement, long n) {
        if (n == 0 || old.equals(replacement)) {
            return s;
        }
        if (replacement.length() > old.length()) { // count first: "" -> "xxxx" in a long text must not fill the heap
            long matches = old.isEmpty() ? s.codePointCount(0, s.length()) + 1L : count(s, old);
            long done = n < 0 ? matches : Math.min(n, matches);
            if (s.length() + done * (replacement.length() - old.length()) > TemplateLimits.MAX_VALUE_LENGTH) {
                throw new FunctionError(tooLong("the text with its replacements"));
            }
        }
        StringBuilder out = new StringBuilder();
        long done = 0;
        if (old.isEmpty()) {
            // Go: an empty old string matches at the start and after each character
            int i = 0;
            while (i <= s.length()) {
                if (n < 0 || done < n) {
                    out.append(replacement);
                    done++;
                }
                if (i == s.length()) {
                    break;
                }
                int next = s.offsetByCodePoints(i, 1);
                out.append(s, i, next);
                i = next;
            }
            return out.toString();
        }
        int i = 0;
        while (n < 0 || done < n) {
            int found = s.indexOf(old, i);
            if (found < 0) {
                break;
            }
            out.append(s, i, found).append(replacement);
            i = found + old.length();
            done++;
        }
        return out.append(s.substring(i)).toString();
    }

    private static long count(String s, String part) {
        long found = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + part.length())) {
            found++;
        }
        return found;
    }

    /** Go's {@code strings.Split}: every piece, empty ones included; an empty separator splits into characters. */
    static List<String> split(String s, String separator) {
        List<String> parts = new ArrayList<>();
        if (separator.isEmpty()) {
            s.codePoints().forEach(cp -> parts.add(new String(Character.toChars(cp))));
            return parts;
        }
        int i = 0;
        while (true) {
            int found = s.indexOf(separator, i);
            if (found < 0) {
                parts.add(s.substring(i));
                return parts;
            }
            parts.add(s.substring(i, found));
            i = found + separator.length();
        }
    }
}
