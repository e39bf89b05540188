package dev.kiln.runtime.frontend.hcl.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Tokens (spec: Lexical Elements; scan_tokens.rl). Rows are source, then tokens with their text where it varies. */
class HclScannerTest {
    private static final Set<TokenType> SHOW_TEXT = EnumSet.of(TokenType.IDENT, TokenType.NUMBER_LIT,
            TokenType.QUOTED_LIT, TokenType.STRING_LIT, TokenType.COMMENT, TokenType.OHEREDOC, TokenType.CHEREDOC,
            TokenType.TEMPLATE_INTERP, TokenType.TEMPLATE_CONTROL, TokenType.TEMPLATE_SEQ_END);

    static Stream<Arguments> tokens() {
        return HclExpressionTest.rows("""
                a = 1                     | IDENT:a EQUAL NUMBER_LIT:1
                a=1↵                      | IDENT:a EQUAL NUMBER_LIT:1 NEWLINE
                a␍↵b                      | IDENT:a NEWLINE IDENT:b
                ⇥a  ⇥ b                   | IDENT:a IDENT:b
                1.5e3 2E+4 7e-1 0.25      | NUMBER_LIT:1.5e3 NUMBER_LIT:2E+4 NUMBER_LIT:7e-1 NUMBER_LIT:0.25
                1.                        | NUMBER_LIT:1 DOT
                1e                        | NUMBER_LIT:1 IDENT:e
                1e+                       | NUMBER_LIT:1 IDENT:e PLUS
                a.0.b                     | IDENT:a DOT NUMBER_LIT:0 DOT IDENT:b
                a.0.1                     | IDENT:a DOT NUMBER_LIT:0.1
                foo-bar_baz9              | IDENT:foo-bar_baz9
                a-1                       | IDENT:a-1
                _x                        | IDENT:_x
                héllo wörld ЖЖ 変数       | IDENT:héllo IDENT:wörld IDENT:ЖЖ IDENT:変数
                == != <= >= && || => ::   | EQUAL_OP NOT_EQUAL LESS_THAN_EQ GREATER_THAN_EQ AND OR FAT_ARROW
                                          +| DOUBLE_COLON
                ... . , * / % + - ! ? :   | ELLIPSIS DOT COMMA STAR SLASH PERCENT PLUS MINUS BANG QUESTION COLON
                < > = ( ) [ ] { }         | LESS_THAN GREATER_THAN EQUAL OPAREN CPAREN OBRACK CBRACK OBRACE CBRACE
                a << b                    | IDENT:a LESS_THAN LESS_THAN IDENT:b
                # c↵x                     | COMMENT:# c NEWLINE IDENT:x
                // c␍↵x                   | COMMENT:// c NEWLINE IDENT:x
                /* a↵b */x                | COMMENT:/* a\\nb */ IDENT:x
                /**/                      | COMMENT:/**/
                a/b                       | IDENT:a SLASH IDENT:b
                "a"                       | OQUOTE QUOTED_LIT:a CQUOTE
                ""                        | OQUOTE CQUOTE
                "a${b}c"                  | OQUOTE QUOTED_LIT:a TEMPLATE_INTERP:${ IDENT:b TEMPLATE_SEQ_END:}
                                          +| QUOTED_LIT:c CQUOTE
                "${~b~}"                  | OQUOTE TEMPLATE_INTERP:${~ IDENT:b TEMPLATE_SEQ_END:~} CQUOTE
                "%{if a}x%{endif}"        | OQUOTE TEMPLATE_CONTROL:%{ IDENT:if IDENT:a TEMPLATE_SEQ_END:}
                                          +| QUOTED_LIT:x TEMPLATE_CONTROL:%{ IDENT:endif TEMPLATE_SEQ_END:} CQUOTE
                "${ {a=1} }"              | OQUOTE TEMPLATE_INTERP:${ OBRACE IDENT:a EQUAL NUMBER_LIT:1 CBRACE
                                          +| TEMPLATE_SEQ_END:} CQUOTE
                "${"}"}"                  | OQUOTE TEMPLATE_INTERP:${ OQUOTE QUOTED_LIT:} CQUOTE TEMPLATE_SEQ_END:}
                                          +| CQUOTE
                "a\\"b\\\\"               | OQUOTE QUOTED_LIT:a\\\\\\"b\\\\\\\\ CQUOTE
                "$${a} %%{b} $ %"         | OQUOTE QUOTED_LIT:$${a} %%{b} $ % CQUOTE
                <<EOT↵a↵EOT↵              | OHEREDOC:<<EOT\\n STRING_LIT:a\\n CHEREDOC:EOT NEWLINE
                <<-EOT↵  a↵  EOT↵x        | OHEREDOC:<<-EOT\\n STRING_LIT:  a\\n CHEREDOC:  EOT NEWLINE IDENT:x
                <<EOT↵a ${b} EOT↵EOT↵     | OHEREDOC:<<EOT\\n STRING_LIT:a  TEMPLATE_INTERP:${ IDENT:b
                                          +| TEMPLATE_SEQ_END:} STRING_LIT: EOT\\n CHEREDOC:EOT NEWLINE
                <<EOT↵${a}EOT↵EOT↵        | OHEREDOC:<<EOT\\n TEMPLATE_INTERP:${ IDENT:a TEMPLATE_SEQ_END:}
                                          +| STRING_LIT:EOT\\n CHEREDOC:EOT NEWLINE
                <<EOT↵"${a}"↵EOT↵         | OHEREDOC:<<EOT\\n STRING_LIT:\\" TEMPLATE_INTERP:${ IDENT:a
                                          +| TEMPLATE_SEQ_END:} STRING_LIT:\\"\\n CHEREDOC:EOT NEWLINE
                """);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tokens")
    void scans(String source, String expected) {
        byte[] src = source.getBytes(StandardCharsets.UTF_8);
        HclScanner.Result r = HclScanner.scan("s.hcl", src, HclScanner.Mode.NORMAL);
        assertThat(r.diagnostics()).isEmpty();
        assertThat(r.tokens().get(r.tokens().size() - 1).type()).isEqualTo(TokenType.EOF);
        String printed = r.tokens().stream().filter(t -> t.type() != TokenType.EOF)
                .map(t -> SHOW_TEXT.contains(t.type()) ? t.type() + ":" + escape(t.range().text(src)) : t.type().name())
                .collect(Collectors.joining(" "));
        assertThat(printed).isEqualTo(expected);
    }

    @Test
    void standaloneTemplatesAreTextUntilASequence() {
        byte[] src = "a\n${b} 100%\n%{ if c }$$".getBytes(StandardCharsets.UTF_8);
        HclScanner.Result r = HclScanner.scan("t.tpl", src, HclScanner.Mode.TEMPLATE);
        assertThat(r.tokens().stream().map(t -> t.type() + ":" + escape(t.range().text(src)))
                .collect(Collectors.joining(" "))).isEqualTo("STRING_LIT:a\\n TEMPLATE_INTERP:${ IDENT:b "
                + "TEMPLATE_SEQ_END:} STRING_LIT: 100%\\n TEMPLATE_CONTROL:%{ IDENT:if IDENT:c TEMPLATE_SEQ_END:} "
                + "STRING_LIT:$$ EOF:");
    }

    @Test
    void tokenPositionsCountLinesColumnsAndBytes() {
        byte[] src = "ab = \"Ж\"\n  c".getBytes(StandardCharsets.UTF_8);
        HclScanner.Result r = HclScanner.scan("p.hcl", src, HclScanner.Mode.NORMAL);
        assertThat(r.tokens().stream().map(t -> t.range().start() + ".." + t.range().end())
                .collect(Collectors.joining(" "))).isEqualTo("1,1@0..1,3@2 1,4@3..1,5@4 1,6@5..1,7@6 "
                + "1,7@6..1,8@8 1,8@8..1,9@9 1,9@9..2,1@10 2,3@12..2,4@13 2,4@13..2,4@13");
    }

    @Test
    void skipsAByteOrderMark() {
        byte[] src = "\uFEFFa = 1".getBytes(StandardCharsets.UTF_8);
        HclScanner.Result r = HclScanner.scan("b.hcl", src, HclScanner.Mode.NORMAL);
        assertThat(r.tokens().get(0).range().start()).isEqualTo(new Pos(1, 1, 3));
    }

    @Test
    void reportsBadUtf8AndInvalidCharactersWithoutTokens() {
        byte[] src = {'a', ' ', (byte) 0xFF, ' ', 0x01, ' ', '"', (byte) 0xC3, '"'};
        HclScanner.Result r = HclScanner.scan("x.hcl", src, HclScanner.Mode.NORMAL);
        assertThat(HclStructureTest.brief(r.diagnostics())).isEqualTo("Invalid character encoding@1,3-1,4, "
                + "Invalid character@1,5-1,6, Invalid character encoding@1,8-1,9");
        assertThat(r.tokens().stream().map(t -> t.type().name()).collect(Collectors.joining(" ")))
                .isEqualTo("IDENT OQUOTE QUOTED_LIT CQUOTE EOF");
    }

    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r");
    }
}
