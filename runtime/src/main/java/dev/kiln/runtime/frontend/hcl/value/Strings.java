package dev.kiln.runtime.frontend.hcl.value;

/** Quoting helpers shared by value rendering and messages. */
final class Strings {

    private Strings() {
    }

    /** {@code s} as an HCL quoted string literal. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '$' -> b.append(i + 1 < s.length() && s.charAt(i + 1) == '{' ? "$$" : "$");
                case '%' -> b.append(i + 1 < s.length() && s.charAt(i + 1) == '{' ? "%%" : "%");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** An object key as HCL writes it: bare if it is an identifier, quoted otherwise. */
    static String attributeName(String k) {
        return k.matches("[\\p{L}_][\\p{L}\\p{N}_-]*") ? k : quote(k);
    }
}
