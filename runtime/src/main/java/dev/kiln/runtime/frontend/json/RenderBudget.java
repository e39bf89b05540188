package dev.kiln.runtime.frontend.json;

/**
 * How many characters the renderings of one task (one validation's component options) may still produce, so that a
 * large value copied into many options stops with one problem instead of exhausting memory. Each rendering is capped
 * on its own ({@link TemplateLimits#MAX_VALUE_LENGTH}); this caps them together. Not thread-safe: one per task.
 */
public final class RenderBudget {

    private final long total;
    private long left;
    private boolean exceeded;

    /** A budget of {@link TemplateLimits#MAX_RENDERED_TOTAL} characters. */
    public RenderBudget() {
        this(TemplateLimits.MAX_RENDERED_TOTAL);
    }

    RenderBudget(long total) {
        this.total = total;
        this.left = total;
    }

    /**
     * Takes {@code characters} from the budget.
     *
     * @return whether there were that many left; when not, nothing is taken and the budget counts as exceeded
     */
    boolean take(long characters) {
        if (characters > left) {
            exceeded = true;
            return false;
        }
        left -= characters;
        return true;
    }

    /** Whether a rendering was refused already (so the problem is reported once). */
    boolean exceeded() {
        return exceeded;
    }

    /** Why a rendering is refused. */
    String reason() {
        return "the options rendered for this template would be more than " + TemplateLimits.characters(total)
                + " together, Kiln's limit";
    }
}
