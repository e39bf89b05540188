package dev.kiln.runtime.frontend.hcl.syntax;

import java.util.List;

/**
 * One piece of a {@link Expression.Template}. Strip markers ({@code ~}), heredoc indentation and escapes have already
 * been applied to literals, and adjacent literals are merged.
 */
public sealed interface TemplatePart extends Node {
    /**
     * Literal text.
     *
     * @param value the text, unescaped
     * @param range its source
     */
    record Literal(String value, Range range) implements TemplatePart {
    }

    /**
     * {@code ${expression}}: the value converted to a string.
     *
     * @param expression what to interpolate
     * @param range from {@code ${} to {@code }}
     */
    record Interpolation(Expression expression, Range range) implements TemplatePart {
    }

    /**
     * {@code %{ if condition }then%{ else }otherwise%{ endif }}.
     *
     * @param condition must be a bool
     * @param then the template used when true
     * @param otherwise the template used when false, or null when there is no {@code else}
     * @param range from {@code %{ if} to the end of {@code endif}
     */
    record If(Expression condition, Expression.Template then, Expression.Template otherwise, Range range)
            implements TemplatePart {
    }

    /**
     * {@code %{ for key, value in collection }body%{ endfor }}: the body once per element, concatenated.
     *
     * @param keyVariable the key (index) variable name, or null when only one name is given
     * @param valueVariable the value variable name
     * @param collection what to iterate
     * @param body evaluated with the variables in a child scope
     * @param range from {@code %{ for} to the end of {@code endfor}
     */
    record For(String keyVariable, String valueVariable, Expression collection, Expression.Template body,
               Range range) implements TemplatePart {
    }

    /** The expressions directly inside this part. */
    default List<Expression> children() {
        if (this instanceof Interpolation i) {
            return List.of(i.expression());
        } else if (this instanceof If f) {
            return f.otherwise() == null ? List.of(f.condition(), f.then())
                    : List.of(f.condition(), f.then(), f.otherwise());
        } else if (this instanceof For f) {
            return List.of(f.collection(), f.body());
        }
        return List.of();
    }
}
