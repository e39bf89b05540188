package dev.kiln.runtime.frontend.hcl;

import dev.kiln.runtime.frontend.PackerVersions;
import java.util.Optional;

/** Checks a version against constraints such as {@code ">= 1.6.0, < 2.0"} ({@code = != > >= < <= ~>}). */
final class VersionConstraints {
    private VersionConstraints() {
    }

    /** Empty when {@code version} satisfies {@code constraints}, else why not. */
    static Optional<String> check(String constraints, String version) {
        for (String part : constraints.split(",")) {
            String c = part.strip();
            if (c.isEmpty()) {
                continue;
            }
            String op = "=";
            for (String o : new String[] {"~>", ">=", "<=", "!=", ">", "<", "="}) {
                if (c.startsWith(o)) {
                    op = o;
                    c = c.substring(o.length()).strip();
                    break;
                }
            }
            String wanted = c.replaceFirst("^v", "");
            if (!wanted.matches("\\d+(\\.\\d+)*(-[0-9A-Za-z.-]+)?")) {
                return Optional.of("required_version \"" + constraints + "\" is not a version constraint such as"
                        + " \">= 1.6.0\"");
            }
            wanted = wanted.replaceFirst("-.*$", "");
            int cmp = PackerVersions.compare(version, wanted);
            boolean ok = switch (op) {
                case ">=" -> cmp >= 0;
                case "<=" -> cmp <= 0;
                case ">" -> cmp > 0;
                case "<" -> cmp < 0;
                case "!=" -> cmp != 0;
                case "~>" -> cmp >= 0 && PackerVersions.compare(version, pessimisticUpper(wanted)) < 0;
                default -> cmp == 0;
            };
            if (!ok) {
                return Optional.of("This template requires Packer version " + constraints.strip());
            }
        }
        return Optional.empty();
    }

    private static String pessimisticUpper(String v) {
        String[] parts = v.split("\\.");
        if (parts.length == 1) {
            return String.valueOf(Integer.parseInt(parts[0]) + 1);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.length - 2; i++) {
            sb.append(parts[i]).append('.');
        }
        sb.append(Integer.parseInt(parts[parts.length - 2]) + 1);
        return sb.toString();
    }
}
