package dev.kiln.runtime.frontend.hcl.syntax;

/** The kinds of token the {@link HclScanner} produces. */
public enum TokenType {
    OBRACE("{"), CBRACE("}"), OBRACK("["), CBRACK("]"), OPAREN("("), CPAREN(")"),
    OQUOTE("\""), CQUOTE("\""), OHEREDOC("<<"), CHEREDOC("heredoc end"),
    STAR("*"), SLASH("/"), PLUS("+"), MINUS("-"), PERCENT("%"),
    EQUAL("="), EQUAL_OP("=="), NOT_EQUAL("!="), LESS_THAN("<"), LESS_THAN_EQ("<="),
    GREATER_THAN(">"), GREATER_THAN_EQ(">="), AND("&&"), OR("||"), BANG("!"),
    DOT("."), COMMA(","), ELLIPSIS("..."), FAT_ARROW("=>"), QUESTION("?"), COLON(":"), DOUBLE_COLON("::"),
    /** {@code ${} or {@code ${~}. */
    TEMPLATE_INTERP("${"),
    /** {@code %{} or {@code %{~}. */
    TEMPLATE_CONTROL("%{"),
    /** {@code }} or {@code ~}} closing an interpolation or directive. */
    TEMPLATE_SEQ_END("}"),
    /** Literal text inside a quoted template, escapes not yet applied. */
    QUOTED_LIT("quoted text"),
    /** Literal text of a heredoc or standalone template (a heredoc line includes its newline). */
    STRING_LIT("text"),
    NUMBER_LIT("number"), IDENT("identifier"), COMMENT("comment"), NEWLINE("newline"), EOF("end of file");

    private final String text;

    TokenType(String text) {
        this.text = text;
    }

    /** How the token type is named in messages. */
    public String text() {
        return text;
    }
}
