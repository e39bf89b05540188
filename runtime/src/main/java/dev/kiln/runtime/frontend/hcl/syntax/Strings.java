package dev.kiln.runtime.frontend.hcl.syntax;

/** Small string helpers shared by the printer, the renderer and the parser. */
final class Strings {
    private Strings() {
    }

    /** {@code s} in double quotes with Go-like escapes, as HCL's {@code %q} prints it. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** Unicode white space as Go's {@code unicode.IsSpace} defines it. */
    static boolean isSpace(int cp) {
        switch (cp) {
            case '\t', '\n', 0x0B, '\f', '\r', ' ', 0x85, 0xA0 -> {
                return true;
            }
            default -> {
                if (cp < 0x1000) {
                    return false;
                }
                int t = Character.getType(cp);
                return t == Character.SPACE_SEPARATOR || t == Character.LINE_SEPARATOR
                        || t == Character.PARAGRAPH_SEPARATOR;
            }
        }
    }

    static String trimLeftSpace(String s) {
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            if (!isSpace(cp)) {
                break;
            }
            i += Character.charCount(cp);
        }
        return s.substring(i);
    }

    static String trimRightSpace(String s) {
        int i = s.length();
        while (i > 0) {
            int cp = s.codePointBefore(i);
            if (!isSpace(cp)) {
                break;
            }
            i -= Character.charCount(cp);
        }
        return s.substring(0, i);
    }
}
