package dev.kiln.runtime.frontend.hcl.syntax;

import dev.kiln.runtime.frontend.hcl.syntax.Expression.Binary;
import dev.kiln.runtime.frontend.hcl.syntax.Expression.BoolLit;
import dev.kiln.runtime.frontend.hcl.syntax.Expression.Conditional;
import dev.kiln.runtime.frontend.hcl.syntax.Expression.ForExpr;
import dev.kiln.runtime.frontend.hcl.syntax.Expression.FunctionCall;
import dev.kiln.runtime.frontend.hcl.syntax.Expression.IndexExpr;
import dev.kiln.runtime.frontend.hcl.syntax.Expression.Invalid;
import dev.kiln.runtime.frontend.hcl.syntax.Expression.NullLit;
import dev.kiln.runtime.frontend.hcl.syntax.Expression.NumberLit;
import dev.kiln.runtime.frontend.hcl.syntax.Expression.ObjectCons;
import dev.kiln.runtime.frontend.hcl.syntax.Expression.ObjectItem;
import dev.kiln.runtime.frontend.hcl.syntax.Expression.Parens;
import dev.kiln.runtime.frontend.hcl.syntax.Expression.RelativeTraversal;
import dev.kiln.runtime.frontend.hcl.syntax.Expression.ScopeTraversal;
import dev.kiln.runtime.frontend.hcl.syntax.Expression.Splat;
import dev.kiln.runtime.frontend.hcl.syntax.Expression.SplatItem;
import dev.kiln.runtime.frontend.hcl.syntax.Expression.StringLit;
import dev.kiln.runtime.frontend.hcl.syntax.Expression.Template;
import dev.kiln.runtime.frontend.hcl.syntax.Expression.TemplateWrap;
import dev.kiln.runtime.frontend.hcl.syntax.Expression.TupleCons;
import dev.kiln.runtime.frontend.hcl.syntax.Expression.Unary;
import java.util.List;

/**
 * Prints a syntax tree in a compact, Lisp-like form, e.g. {@code (+ 1 (* 2 3))}, for tests and debugging.
 *
 * <ul>
 *   <li>literals as written ({@code 1}, {@code true}, {@code null}); a string as a quoted Go-style string;</li>
 *   <li>traversals as written, with legacy indexes kept ({@code a.b[0].1}); a relative traversal as
 *       {@code (rel SOURCE STEPS)}; a dynamic index as {@code (index COLL KEY)};</li>
 *   <li>{@code (tmpl PART...)} with parts {@code "text"}, {@code ${EXPR}}, {@code (%if C THEN ELSE)},
 *       {@code (%for K V COLL BODY)}; {@code (wrap EXPR)} for an unwrapped interpolation;</li>
 *   <li>{@code (tuple ...)}, {@code (object (K V)...)}, {@code (call f ARGS... [...])}, {@code (? C T F)},
 *       {@code (- X)}, {@code (OP L R)}, {@code (paren X)}, {@code (splat[*] SRC EACH)} / {@code (splat.* SRC EACH)}
 *       with the item printed {@code *}, {@code (for K V COLL [KEY =>] VALUE [...] [if C])}, {@code <invalid>}.</li>
 * </ul>
 */
public final class AstPrinter {
    private AstPrinter() {
    }

    /** The compact form of a body: {@code name = EXPR} and {@code type "label" { ... }} items separated by "; ". */
    public static String print(Body body) {
        StringBuilder sb = new StringBuilder();
        for (Attribute a : body.attributes()) {
            sep(sb).append(a.name()).append(" = ").append(print(a.expression()));
        }
        for (Block b : body.blocks()) {
            sep(sb).append(b.header()).append(" {");
            String inner = print(b.body());
            sb.append(inner.isEmpty() ? "" : " " + inner + " ").append('}');
        }
        return sb.toString();
    }

    private static StringBuilder sep(StringBuilder sb) {
        return sb.isEmpty() ? sb : sb.append("; ");
    }

    /** The compact form of an expression. */
    public static String print(Expression e) {
        StringBuilder sb = new StringBuilder();
        print(e, sb);
        return sb.toString();
    }

    private static void print(Expression e, StringBuilder sb) {
        if (e instanceof NumberLit n) {
            sb.append(n.text());
        } else if (e instanceof BoolLit b) {
            sb.append(b.value());
        } else if (e instanceof NullLit) {
            sb.append("null");
        } else if (e instanceof StringLit s) {
            sb.append(Strings.quote(s.value()));
        } else if (e instanceof Template t) {
            if (t.isStringLiteral()) {
                sb.append(Strings.quote(t.literalValue()));
                return;
            }
            sb.append("(tmpl");
            parts(t.parts(), sb);
            sb.append(')');
        } else if (e instanceof TemplateWrap w) {
            sb.append("(wrap ");
            print(w.wrapped(), sb);
            sb.append(')');
        } else if (e instanceof TupleCons t) {
            sb.append("(tuple");
            for (Expression x : t.elements()) {
                sb.append(' ');
                print(x, sb);
            }
            sb.append(')');
        } else if (e instanceof ObjectCons o) {
            sb.append("(object");
            for (ObjectItem i : o.items()) {
                sb.append(" (");
                print(i.key(), sb);
                sb.append(' ');
                print(i.value(), sb);
                sb.append(')');
            }
            sb.append(')');
        } else if (e instanceof ScopeTraversal st) {
            sb.append(st.root());
            steps(st.steps(), sb);
        } else if (e instanceof RelativeTraversal rt) {
            sb.append("(rel ");
            print(rt.source(), sb);
            sb.append(' ');
            steps(rt.steps(), sb);
            sb.append(')');
        } else if (e instanceof IndexExpr ix) {
            sb.append("(index ");
            print(ix.collection(), sb);
            sb.append(' ');
            print(ix.key(), sb);
            sb.append(')');
        } else if (e instanceof Splat s) {
            sb.append(s.full() ? "(splat[*] " : "(splat.* ");
            print(s.source(), sb);
            sb.append(' ');
            print(s.each(), sb);
            sb.append(')');
        } else if (e instanceof SplatItem) {
            sb.append('*');
        } else if (e instanceof FunctionCall f) {
            sb.append("(call ").append(f.name());
            for (Expression a : f.args()) {
                sb.append(' ');
                print(a, sb);
            }
            sb.append(f.expandFinal() ? " ...)" : ")");
        } else if (e instanceof Conditional c) {
            sb.append("(? ");
            print(c.condition(), sb);
            sb.append(' ');
            print(c.trueResult(), sb);
            sb.append(' ');
            print(c.falseResult(), sb);
            sb.append(')');
        } else if (e instanceof Unary u) {
            sb.append('(').append(u.op().symbol()).append(' ');
            print(u.operand(), sb);
            sb.append(')');
        } else if (e instanceof Binary b) {
            sb.append('(').append(b.op().symbol()).append(' ');
            print(b.lhs(), sb);
            sb.append(' ');
            print(b.rhs(), sb);
            sb.append(')');
        } else if (e instanceof Parens p) {
            sb.append("(paren ");
            print(p.inner(), sb);
            sb.append(')');
        } else if (e instanceof ForExpr f) {
            sb.append("(for ").append(f.keyVariable() == null ? "_" : f.keyVariable()).append(' ')
                    .append(f.valueVariable()).append(' ');
            print(f.collection(), sb);
            if (f.keyExpr() != null) {
                sb.append(' ');
                print(f.keyExpr(), sb);
                sb.append(" =>");
            }
            sb.append(' ');
            print(f.valueExpr(), sb);
            if (f.grouping()) {
                sb.append(" ...");
            }
            if (f.condition() != null) {
                sb.append(" if ");
                print(f.condition(), sb);
            }
            sb.append(')');
        } else if (e instanceof Invalid) {
            sb.append("<invalid>");
        }
    }

    private static void steps(List<Traverser> steps, StringBuilder sb) {
        for (Traverser t : steps) {
            if (t instanceof Traverser.GetAttr a) {
                sb.append('.').append(a.name());
            } else if (t instanceof Traverser.Index i) {
                if (i.legacy()) {
                    sb.append('.');
                    print(i.key(), sb);
                } else {
                    sb.append('[');
                    print(i.key(), sb);
                    sb.append(']');
                }
            }
        }
    }

    private static void parts(List<TemplatePart> parts, StringBuilder sb) {
        for (TemplatePart p : parts) {
            sb.append(' ');
            if (p instanceof TemplatePart.Literal l) {
                sb.append(Strings.quote(l.value()));
            } else if (p instanceof TemplatePart.Interpolation i) {
                sb.append("${");
                print(i.expression(), sb);
                sb.append('}');
            } else if (p instanceof TemplatePart.If f) {
                sb.append("(%if ");
                print(f.condition(), sb);
                sb.append(" (tmpl");
                parts(f.then().parts(), sb);
                sb.append(')');
                if (f.otherwise() != null) {
                    sb.append(" (tmpl");
                    parts(f.otherwise().parts(), sb);
                    sb.append(')');
                }
                sb.append(')');
            } else if (p instanceof TemplatePart.For f) {
                sb.append("(%for ").append(f.keyVariable() == null ? "_" : f.keyVariable()).append(' ')
                        .append(f.valueVariable()).append(' ');
                print(f.collection(), sb);
                sb.append(" (tmpl");
                parts(f.body().parts(), sb);
                sb.append("))");
            }
        }
    }
}
