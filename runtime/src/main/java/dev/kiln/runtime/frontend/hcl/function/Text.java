package dev.kiln.runtime.frontend.hcl.function;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Grapheme-cluster helpers: cty measures and cuts strings in user-perceived characters. */
final class Text {

    private Text() {
    }

    static List<String> graphemes(String s) {
        BreakIterator it = BreakIterator.getCharacterInstance(Locale.ROOT);
        it.setText(s);
        List<String> out = new ArrayList<>();
        int start = it.first();
        for (int end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
            out.add(s.substring(start, end));
        }
        return out;
    }

    static String firstGraphemes(String s, int n) {
        List<String> g = graphemes(s);
        return String.join("", g.subList(0, Math.min(n, g.size())));
    }
}
