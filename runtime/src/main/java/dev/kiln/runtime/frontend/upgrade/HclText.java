package dev.kiln.runtime.frontend.upgrade;

/** HCL native-syntax spelling: identifiers, and the escapes of quoted template literals. */
final class HclText {

    private HclText() {
    }

    /** Whether {@code name} is an HCL identifier: ASCII letters, digits, {@code _} and {@code -}, not a digit first. */
    static boolean isIdentifier(String name) {
        if (name.isEmpty() || !(Character.isLetter(name.charAt(0)) || name.charAt(0) == '_')) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c > 127 || !(Character.isLetterOrDigit(c) || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** {@code text} as an HCL quoted string that means exactly {@code text}: no interpolation, no directive. */
    static String quoted(String text) {
        return "\"" + escaped(text) + "\"";
    }

    /**
     * {@code text} escaped for the inside of an HCL quoted template: quotes, backslashes and control characters
     * escaped, and {@code ${} and {@code %{} doubled ({@code $${}, {@code %%{}) so they stay literal.
     */
    static String escaped(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '$', '%' -> {
                    out.append(c);
                    if (i + 1 < text.length() && text.charAt(i + 1) == '{') {
                        out.append(c);
                    }
                }
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
